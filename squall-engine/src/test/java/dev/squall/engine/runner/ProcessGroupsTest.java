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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording the group a runner starts, and killing a recorded group only when it is still ours. */
class ProcessGroupsTest {

  @TempDir Path work;
  private final ProcessGroups groups = new ProcessGroups(Duration.ofSeconds(2));
  private final List<Process> started = new ArrayList<>();

  @BeforeEach
  void needsSessions() {
    assumeTrue(ProcessTree.usesSessions(), "process groups are recorded where setsid and /proc are");
  }

  @AfterEach
  void killLeftovers() {
    for (Process p : started) {
      ProcessTree.kill(p.toHandle(), Duration.ofSeconds(1));
    }
  }

  /** {@code script} under sh in a session of its own, as the runners start actions. */
  private Process startInSession(String script) throws IOException {
    Process p = new ProcessBuilder(ProcessTree.inNewSession(List.of("/bin/sh", "-c", script)))
        .redirectErrorStream(true).start();
    started.add(p);
    return p;
  }

  @Test
  void aShellActionReportsItsGroupAsItStarts() {
    List<ProcessGroup> recorded = new CopyOnWriteArrayList<>();
    RunnerResult r = new LocalShellCommandRunner(RunnerSettings.defaults().withWorkDir(work))
        .run(new RunContext("5f0000000000000000000001", action("local-shell-cmd", "", null),
            Map.of("cmd", "echo $$"), Map.of(), OutputSink.DISCARD, recorded::add));

    assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(recorded).hasSize(1);
    ProcessGroup group = recorded.getFirst();
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

    assertThat(groups.kill(group)).isEqualTo(ProcessGroups.Outcome.KILLED);

    assertThat(ProcessTree.running(leader.toHandle())).isFalse();
    assertThat(children).noneMatch(ProcessTree::running);
  }

  @Test
  void leavesAloneAProcessWhoseStartTimeIsNotTheRecordedOne() throws Exception {
    Process other = startInSession("sleep 60");
    ProcessGroup actual = ProcessGroups.of(other.toHandle()).orElseThrow();
    ProcessGroup earlierHolderOfThePid = new ProcessGroup(actual.host(), actual.boot(),
        actual.leader(), actual.startTicks() - 1);

    assertThat(groups.kill(earlierHolderOfThePid)).isEqualTo(ProcessGroups.Outcome.REUSED);

    assertThat(ProcessTree.running(other.toHandle())).isTrue();
  }

  @Test
  void leavesAloneAGroupRecordedOnAnotherHostOrBoot() throws Exception {
    Process p = startInSession("sleep 60");
    ProcessGroup actual = ProcessGroups.of(p.toHandle()).orElseThrow();

    assertThat(groups.kill(new ProcessGroup("elsewhere", actual.boot(), actual.leader(),
        actual.startTicks()))).isEqualTo(ProcessGroups.Outcome.ELSEWHERE);
    assertThat(groups.kill(new ProcessGroup(actual.host(), "an-earlier-boot", actual.leader(),
        actual.startTicks()))).isEqualTo(ProcessGroups.Outcome.GONE);

    assertThat(ProcessTree.running(p.toHandle())).isTrue();
  }

  @Test
  void aGroupWhoseLeaderExitedIsGone() throws Exception {
    Process p = startInSession("sleep 0.2");
    ProcessGroup group = ProcessGroups.of(p.toHandle()).orElseThrow();
    p.waitFor();

    assertThat(groups.kill(group)).isEqualTo(ProcessGroups.Outcome.GONE);
  }
}
