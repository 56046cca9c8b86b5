package dev.squall.engine.runner;

import static dev.squall.engine.runner.TestActions.action;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.execution.model.ProcessGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording the group a runner starts, and killing a recorded group only when it is still ours. */
class ProcessGroupsTest {

  private static final String ID = "5f0000000000000000000001";

  @TempDir Path work;
  private final ProcessGroups groups = new ProcessGroups(Duration.ofSeconds(2));
  private final List<Process> started = new ArrayList<>();

  @BeforeEach
  void needsSessions() {
    assumeTrue(ProcessTree.usesSessions(), "groups are recorded where setsid and /proc are");
  }

  @AfterEach
  void killLeftovers() {
    for (Process p : started) {
      ProcessTree.kill(p.toHandle(), Duration.ofSeconds(1));
    }
  }

  /** {@code script} under sh in a session of its own, as the runners start actions. */
  private Process startInSession(String script) throws IOException {
    return startInSession(script, ID);
  }

  /** As {@link #startInSession(String)}, for execution {@code executionId}. */
  private Process startInSession(String script, String executionId) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(
        ProcessTree.inNewSession(List.of("/bin/sh", "-c", script))).redirectErrorStream(true);
    builder.environment().put(ShellSupport.EXECUTION_ID_VARIABLE, executionId);
    Process p = builder.start();
    started.add(p);
    return p;
  }

  /** What runs on in the session of {@code leader} once it has exited (a detached child). */
  private Set<ProcessHandle> leftInSessionOf(Process leader) throws InterruptedException {
    long sid = leader.pid();
    leader.waitFor();
    Set<ProcessHandle> left = ProcessTree.inSession(sid);
    assertThat(left).isNotEmpty();
    return left;
  }

  @Test
  void aShellActionReportsItsGroupBeforeAnyOfItsOutput() {
    List<Object> seen = new CopyOnWriteArrayList<>();
    RunnerResult r = new LocalShellCommandRunner(RunnerSettings.defaults().withWorkDir(work))
        // The shell stays a moment after printing: a process gone before its group is read
        // is not recorded (there is nothing left to kill), and under load that can be at once.
        .run(new RunContext(ID, action("local-shell-cmd", "", null), Map.of("cmd", "echo $$; sleep 1"),
            Map.of(), (stream, line) -> seen.add(line), seen::add));

    assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(seen).hasSize(2).last().isEqualTo(r.result().get("stdout"));
    ProcessGroup group = (ProcessGroup) seen.getFirst();
    assertThat(group.leader()).isEqualTo(Long.parseLong((String) r.result().get("stdout")));
    assertThat(group.host()).isEqualTo(ProcessGroups.host().orElseThrow());
    assertThat(group.startTicks()).isPositive();
  }

  @Test
  void killsARecordedGroupWithTheChildrenItStarted() throws Exception {
    Process leader = startInSession("sleep 60 & sleep 60 & wait");
    await().atMost(Duration.ofSeconds(10)).until(() -> leader.descendants().count() == 2);
    List<ProcessHandle> children = leader.descendants().toList();
    ProcessGroup group = ProcessGroups.of(leader.toHandle()).orElseThrow();

    assertThat(groups.kill(ID, group)).isEqualTo(ProcessGroups.Outcome.KILLED);

    assertThat(ProcessTree.running(leader.toHandle())).isFalse();
    assertThat(children).noneMatch(ProcessTree::running);
  }

  @Test
  void leavesAloneAProcessWhoseStartTimeIsNotTheRecordedOne() throws Exception {
    Process other = startInSession("sleep 60");
    ProcessGroup actual = ProcessGroups.of(other.toHandle()).orElseThrow();
    ProcessGroup earlierHolderOfThePid = new ProcessGroup(actual.host(), actual.boot(),
        actual.leader(), actual.startTicks() - 1);

    assertThat(groups.kill(ID, earlierHolderOfThePid)).isEqualTo(ProcessGroups.Outcome.REUSED);

    assertThat(ProcessTree.running(other.toHandle())).isTrue();
  }

  @Test
  void leavesAloneAGroupRecordedOnAnotherHostOrBoot() throws Exception {
    Process p = startInSession("sleep 60");
    ProcessGroup actual = ProcessGroups.of(p.toHandle()).orElseThrow();

    assertThat(groups.kill(ID, new ProcessGroup("elsewhere", actual.boot(), actual.leader(),
        actual.startTicks()))).isEqualTo(ProcessGroups.Outcome.ELSEWHERE);
    assertThat(groups.kill(ID, new ProcessGroup(actual.host(), "an-earlier-boot", actual.leader(),
        actual.startTicks()))).isEqualTo(ProcessGroups.Outcome.GONE);

    assertThat(ProcessTree.running(p.toHandle())).isTrue();
  }

  @Test
  void killsWhatALeaderThatExitedLeftRunningInItsSession() throws Exception {
    Process leader = startInSession("sleep 60 >/dev/null 2>&1 & echo started");
    ProcessGroup group = ProcessGroups.of(leader.toHandle()).orElseThrow();
    Set<ProcessHandle> left = leftInSessionOf(leader);

    assertThat(groups.kill(ID, group)).isEqualTo(ProcessGroups.Outcome.KILLED);

    assertThat(left).noneMatch(ProcessTree::running);
  }

  @Test
  void leavesAloneASessionOfThatIdWhoseProcessesAreAnotherExecutionsOrNobodys()
      throws Exception {
    // As if the leader's pid had been freed and reused by someone else's session leader.
    Process leader = startInSession("sleep 60 >/dev/null 2>&1 & echo started",
        "5f00000000000000000000ff");
    ProcessGroup group = ProcessGroups.of(leader.toHandle()).orElseThrow();
    Set<ProcessHandle> left = leftInSessionOf(leader);

    assertThat(groups.kill(ID, group)).isEqualTo(ProcessGroups.Outcome.GONE);

    assertThat(left).allMatch(ProcessTree::running);
    left.forEach(ProcessHandle::destroyForcibly);
  }

  @Test
  void aGroupWhoseLeaderExitedIsGone() throws Exception {
    Process p = startInSession("sleep 0.2");
    ProcessGroup group = ProcessGroups.of(p.toHandle()).orElseThrow();
    p.waitFor();

    assertThat(groups.kill(ID, group)).isEqualTo(ProcessGroups.Outcome.GONE);
  }
}
