package dev.squall.engine.execution;

import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.execution.model.ProcessGroup;
import dev.squall.engine.runner.ProcessGroups;
import dev.squall.engine.runner.RunnerSettings;
import dev.squall.engine.store.ProcessGroupStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The process groups that executions left running when the server that ran them died: a kill -9
 * stops the JVM, not the action, which is reparented to init and runs on while its execution
 * says {@code abandoned}. Each group is recorded with its execution as it starts; this kills it
 * through {@link ProcessGroups}, which hits nothing but the recorded process, and then forgets it.
 */
final class LeftoverProcesses {

  private static final System.Logger LOG = System.getLogger(LeftoverProcesses.class.getName());

  private final ProcessGroupStore store;
  private final ProcessGroups groups = new ProcessGroups(RunnerSettings.DEFAULT_KILL_GRACE);

  LeftoverProcesses(ProcessGroupStore store) {
    this.store = store;
  }

  /**
   * Kills the groups on this host of every {@code abandoned} execution, all at once so that
   * groups which ignore TERM cost one grace period, not one each.
   */
  void killAbandoned() {
    Optional<String> host = ProcessGroups.host();
    if (host.isEmpty()) {
      return;
    }
    Map<String, ProcessGroup> left = store.processes(ExecutionStatus.ABANDONED, host.get());
    List<Thread> killers = new ArrayList<>(left.size());
    left.forEach((id, group) -> killers.add(
        Thread.ofVirtual().name("squall-kill-" + id).start(() -> kill(id, group))));
    boolean interrupted = false;
    for (Thread killer : killers) {
      while (killer.isAlive()) {
        try {
          killer.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Kills the group recorded for one execution, if it has one still running on this host. */
  void kill(String executionId) {
    store.process(executionId).ifPresent(group -> kill(executionId, group));
  }

  private void kill(String executionId, ProcessGroup group) {
    ProcessGroups.Outcome outcome = groups.kill(executionId, group);
    switch (outcome) {
      case KILLED -> LOG.log(System.Logger.Level.WARNING, "killed process group "
          + group.leader() + " of execution " + executionId + ", which the server that ran it"
          + " left running");
      case REUSED -> LOG.log(System.Logger.Level.INFO, "process group " + group.leader()
          + " of execution " + executionId + " is gone and its pid is another process's now;"
          + " left that alone");
      case GONE, ELSEWHERE -> { }
    }
    if (outcome != ProcessGroups.Outcome.ELSEWHERE) {
      store.forgetProcess(executionId, group); // dealt with: never looked at again
    }
  }
}
