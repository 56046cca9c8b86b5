package dev.squall.engine.execution;

import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.store.ExecutionRepository;
import dev.squall.engine.store.ExecutionRepository.Orphan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Recovery of what gone nodes left (a previous run of this process is one): nodes with no row,
 * or a heartbeat older than {@link ClusterSettings#nodeTimeout()} (any other node, when the
 * store is exclusive to this process). Their running executions cannot be resumed (the runner's
 * state died with the node) and become {@code abandoned}, except workflows that stored their
 * state ({@link dev.squall.engine.store.WorkflowStateStore}): those are claimed and run on here
 * from it; their queued ones are claimed, by a
 * conditional update so that of several recovering nodes one wins, and handed to this node's
 * queue, oldest first; the process groups abandoned executions left running on this host are
 * killed ({@link LeftoverProcesses}). What a live node holds, this one included, is never
 * touched.
 */
final class ClusterRecovery {

  private static final System.Logger LOG = System.getLogger(ClusterRecovery.class.getName());

  private final ExecutionRepository repository;
  private final StatusChanges statuses;
  private final LeftoverProcesses leftovers;
  private final ClusterSettings cluster;
  private final String self;
  private final Supplier<Instant> now;
  /** At start and on each heartbeat: one recovery at a time, so a claim is queued once. */
  private final ReentrantLock recovering = new ReentrantLock();

  ClusterRecovery(ExecutionRepository repository, StatusChanges statuses,
      LeftoverProcesses leftovers, ClusterSettings cluster, String self, Supplier<Instant> now) {
    this.repository = repository;
    this.statuses = statuses;
    this.leftovers = leftovers;
    this.cluster = cluster;
    this.self = self;
    this.now = now;
  }

  /**
   * Recovers what gone nodes left now.
   *
   * @param held whether this node already holds an execution (by id): left alone
   * @param adopt takes a claimed queued execution into this node's queue
   */
  void recover(Predicate<String> held, Consumer<Execution> adopt) {
    recovering.lock();
    try {
      Instant at = now.get();
      Instant aliveSince = cluster.exclusiveStore() ? null : at.minus(cluster.nodeTimeout());
      List<Execution> resumed = new ArrayList<>();
      for (Orphan o : repository.orphans(List.of(ExecutionStatus.RUNNING, ExecutionStatus.CANCELING,
          ExecutionStatus.PAUSING, ExecutionStatus.PAUSED, ExecutionStatus.RESUMING), self, aliveSince)) {
        if (resumable(o) && !held.test(o.execution().id())
            && repository.claim(o.execution().id(), o.execution().status(), o.nodeId(), self)) {
          resumed.add(o.execution());
        } else {
          abandon(o, at);
        }
      }
      // After the abandons: a resumed workflow finds its running children abandoned.
      resumed.forEach(adopt);
      for (Orphan o : repository.orphans(
          List.of(ExecutionStatus.REQUESTED, ExecutionStatus.DELAYED, ExecutionStatus.SCHEDULED), self,
          aliveSince)) {
        Execution e = o.execution();
        if (!held.test(e.id()) && repository.claim(e.id(), e.status(), o.nodeId(), self)) {
          adopt.accept(e);
        }
      }
      repository.nodes().forgetGoneNodes(self, aliveSince);
      leftovers.killAbandoned();
    } finally {
      recovering.unlock();
    }
  }

  /**
   * A running workflow that stored its conductor state continues from it on this node; its
   * children that were running are abandoned like any other execution and routed by the
   * workflow as failed tasks.
   */
  private boolean resumable(Orphan o) {
    return ExecutionService.RESUMABLE.contains(o.execution().status())
        && repository.workflows().find(o.execution().id()).isPresent();
  }

  private void abandon(Orphan o, Instant at) {
    Execution e = o.execution();
    String why = o.nodeId() == null
        ? "the process ended before the runner reported a result; marked abandoned on restart"
        : "node " + o.nodeId() + " that ran it stopped before the runner reported a result;"
            + " marked abandoned by node " + self;
    Execution next = statuses.move(e, Map.of("error", "Squall stopped while this execution was"
        + " running (" + why + " at " + at + ")"), ExecutionStatus.ABANDONED);
    if (next != null) {
      LOG.log(System.Logger.Level.WARNING, "execution " + e.id() + " of " + e.actionRef()
          + " was " + e.status().wire() + (o.nodeId() == null ? " with no node holding it"
              : " on node " + o.nodeId() + ", which is gone") + "; marked abandoned");
    }
  }
}
