package dev.squall.engine.store;

import static dev.squall.engine.store.StoredRows.T0;
import static dev.squall.engine.store.StoredRows.id;
import static dev.squall.engine.store.StoredRows.moved;
import static dev.squall.engine.store.StoredRows.requested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.execution.model.ProcessGroup;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The recorded process groups' behaviour, run against each database by a subclass. */
abstract class ProcessGroupStoreContract extends FreshStore {

  @Test
  void aRecordedProcessGroupReadsBackAndIsFoundByStatusAndHost() {
    ProcessGroup here = new ProcessGroup("host-a", "boot-1", 4242, 987654321012L);
    ProcessGroup there = new ProcessGroup("host-b", "boot-2", 4343, 7);
    Execution first = requested(id(1), "core.local", "alice", T0);
    Execution second = requested(id(2), "core.local", "alice", T0.plusSeconds(1));
    Execution third = requested(id(3), "core.local", "alice", T0.plusSeconds(2));
    for (Execution e : List.of(first, second, third)) {
      repo.insert(e);
      repo.transition(moved(e, ExecutionStatus.ABANDONED, Map.of()), ExecutionStatus.REQUESTED);
    }
    repo.insert(requested(id(4), "core.local", "alice", T0.plusSeconds(3)));
    repo.processGroups().recordProcess(id(2), here);
    repo.processGroups().recordProcess(id(1), here);
    repo.processGroups().recordProcess(id(3), there);
    repo.processGroups().recordProcess(id(4), here);

    assertThat(repo.processGroups().process(id(1))).contains(here);
    assertThat(repo.processGroups().process(id(5))).isEmpty();
    assertThat(repo.processGroups().processes(ExecutionStatus.ABANDONED, "host-a"))
        .containsExactly(entry(id(1), here), entry(id(2), here));
    assertThat(repo.processGroups().processes(ExecutionStatus.REQUESTED, "host-a"))
        .containsExactly(entry(id(4), here));
    // Recording a process changes nothing a user sees of the execution.
    assertThat(repo.get(id(4))).isEqualTo(requested(id(4), "core.local", "alice",
        T0.plusSeconds(3)));
  }

  @Test
  void aForgottenProcessGroupIsGoneUnlessAnotherWasRecordedSince() {
    ProcessGroup old = new ProcessGroup("host-a", "boot-1", 4242, 100);
    ProcessGroup newer = new ProcessGroup("host-a", "boot-1", 5252, 200);
    repo.insert(requested(id(1), "core.local", "alice", T0));
    repo.insert(requested(id(2), "core.local", "alice", T0));
    repo.processGroups().recordProcess(id(1), old);
    repo.processGroups().recordProcess(id(2), old);
    repo.processGroups().recordProcess(id(2), newer);

    repo.processGroups().forgetProcess(id(1), old);
    repo.processGroups().forgetProcess(id(2), old);

    assertThat(repo.processGroups().process(id(1))).isEmpty();
    assertThat(repo.processGroups().process(id(2))).contains(newer);
    assertThat(repo.processGroups().processes(ExecutionStatus.REQUESTED, "host-a"))
        .containsExactly(entry(id(2), newer));
  }
}
