package dev.squall.engine.store;

import static dev.squall.engine.store.StoredRows.T0;
import static dev.squall.engine.store.StoredRows.id;
import static dev.squall.engine.store.StoredRows.requested;
import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.engine.execution.model.OutputLine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The output chunks' behaviour, run against each database by a subclass. */
abstract class OutputStoreContract extends FreshStore {

  @Test
  void outputLinesComeBackInOrder() {
    repo.insert(requested(id(1), "core.local", "alice", T0));
    List<OutputLine> lines = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      lines.add(new OutputLine(id(1), i, i % 2 == 0 ? "stdout" : "stderr", "line " + i,
          T0.plusMillis(i)));
    }
    repo.outputs().appendOutput(lines.subList(0, 100));
    repo.outputs().appendOutput(lines.subList(100, 250)).join();
    assertThat(repo.outputs().output(id(1))).isEqualTo(lines);
    assertThat(repo.outputs().output(id(2))).isEmpty();
  }

  @Test
  void outputRoundTripsExactlyAcrossChunks() {
    repo.insert(requested(id(1), "core.local", "alice", T0));
    String huge = "x".repeat(3 * OutputStore.CHUNK_CHARS) + "é";
    List<OutputLine> lines = new ArrayList<>();
    String[] texts = {"", "plain", "ünïcödé ✓ 日本語 \uD83D\uDE00", "  spaces  ", "tab\tand\rcr",
        "", "a \\ backslash", "\u0000nul"};
    for (int i = 0; i < 2_600; i++) {
      String stream = i % 7 == 3 ? "stderr" : "stdout";
      String text = i == 5 || i == 1_700 || i == 1_701 ? huge : texts[i % texts.length];
      lines.add(new OutputLine(id(1), i, stream, text, T0.plusNanos(i * 1_234_000L)));
    }
    lines.add(new OutputLine(id(1), 2_600, "debug", "other stream", T0.minusSeconds(5)));
    repo.outputs().appendOutput(lines.subList(0, 7));
    repo.outputs().appendOutput(lines.subList(7, 1_500));
    repo.outputs().appendOutput(lines.subList(1_500, lines.size())).join();

    assertThat(repo.outputs().output(id(1))).isEqualTo(lines);
  }

  @Test
  void outputFromAnOffsetCountsLinesOfTheAskedStream() {
    repo.insert(requested(id(1), "core.local", "alice", T0));
    List<OutputLine> lines = new ArrayList<>();
    for (int i = 0; i < 3_500; i++) {
      lines.add(new OutputLine(id(1), i, i % 3 == 0 ? "stderr" : "stdout", "line " + i,
          T0.plusMillis(i)));
    }
    CompletableFuture<Void> last = null;
    for (int from = 0; from < lines.size(); from += 700) {
      last = repo.outputs().appendOutput(lines.subList(from, from + 700));
    }
    last.join();
    List<OutputLine> stdout = lines.stream().filter(l -> l.stream().equals("stdout")).toList();
    List<OutputLine> stderr = lines.stream().filter(l -> l.stream().equals("stderr")).toList();

    for (int offset : new int[] {0, 1, 999, 1_000, 1_001, 2_333, 2_334, 5_000}) {
      assertThat(repo.outputs().output(id(1), null, offset))
          .isEqualTo(lines.subList(Math.min(offset, lines.size()), lines.size()));
      assertThat(repo.outputs().output(id(1), "stdout", offset))
          .isEqualTo(stdout.subList(Math.min(offset, stdout.size()), stdout.size()));
      assertThat(repo.outputs().output(id(1), "stderr", offset))
          .isEqualTo(stderr.subList(Math.min(offset, stderr.size()), stderr.size()));
    }
    assertThat(repo.outputs().output(id(1), "debug", 0)).isEmpty();
  }
}
