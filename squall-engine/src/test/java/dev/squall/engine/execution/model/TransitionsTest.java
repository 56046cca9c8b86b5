package dev.squall.engine.execution.model;

import static dev.squall.engine.execution.model.ExecutionStatus.ABANDONED;
import static dev.squall.engine.execution.model.ExecutionStatus.CANCELED;
import static dev.squall.engine.execution.model.ExecutionStatus.CANCELING;
import static dev.squall.engine.execution.model.ExecutionStatus.FAILED;
import static dev.squall.engine.execution.model.ExecutionStatus.PAUSED;
import static dev.squall.engine.execution.model.ExecutionStatus.REQUESTED;
import static dev.squall.engine.execution.model.ExecutionStatus.RUNNING;
import static dev.squall.engine.execution.model.ExecutionStatus.SCHEDULED;
import static dev.squall.engine.execution.model.ExecutionStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TransitionsTest {

  @Test
  void noTerminalStatusHasAWayOut() {
    for (ExecutionStatus from : ExecutionStatus.values()) {
      if (from.isTerminal()) {
        assertThat(ExecutionStatus.values()).noneMatch(to -> Transitions.allowed(from, to));
      }
    }
  }

  @Test
  void everyLiveStatusMayBeAbandoned() {
    assertThat(Arrays.stream(ExecutionStatus.values()).filter(s -> !s.isTerminal()))
        .allMatch(s -> Transitions.allowed(s, ABANDONED));
  }

  @Test
  void refusesALateRunnerOverwritingACancel() {
    assertThatThrownBy(() -> Transitions.check(CANCELED, SUCCEEDED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("an execution cannot go from canceled to succeeded");
  }

  @Test
  void checksEveryStepOfAPath() {
    Transitions.check(REQUESTED, SCHEDULED, RUNNING);
    assertThatThrownBy(() -> Transitions.check(REQUESTED, RUNNING, SCHEDULED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("an execution cannot go from requested to running");
  }

  @Test
  void aCancelEndsAWaitingExecutionAndAsksARunningOneToStop() {
    assertThat(Transitions.onCancel(REQUESTED)).contains(CANCELED);
    assertThat(Transitions.onCancel(SCHEDULED)).contains(CANCELED);
    assertThat(Transitions.onCancel(RUNNING)).contains(CANCELING);
    assertThat(Transitions.onCancel(PAUSED)).contains(CANCELING);
    assertThat(Transitions.onCancel(CANCELING)).isEmpty();
    assertThat(Transitions.onCancel(FAILED)).isEmpty();
  }

  @Test
  void aWorkflowPausesThroughPausingAndResumesThroughResuming() {
    Transitions.check(ExecutionStatus.RUNNING, ExecutionStatus.PAUSING, PAUSED,
        ExecutionStatus.RESUMING, ExecutionStatus.RUNNING, ExecutionStatus.SUCCEEDED);
    assertThat(Transitions.allowed(ExecutionStatus.PAUSING, ExecutionStatus.SUCCEEDED)).isTrue();
    assertThat(Transitions.allowed(PAUSED, ExecutionStatus.RUNNING)).isFalse();
    assertThat(Transitions.onCancel(ExecutionStatus.PAUSING)).contains(CANCELING);
    assertThat(Transitions.onCancel(ExecutionStatus.RESUMING)).contains(CANCELING);
  }

  @Test
  void aQueuedExecutionStartsThroughScheduled() {
    assertThat(Transitions.toRunning(REQUESTED)).containsExactly(SCHEDULED, RUNNING);
    assertThat(Transitions.toRunning(SCHEDULED)).containsExactly(RUNNING);
  }
}
