package dev.squall.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.server.RunningSquall;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real command's output through the compact store and back out of
 * {@code /executions/{id}/output}: each stream exactly as printed (unicode, empty lines, a
 * 60,000-character line, thousands of lines over several stored chunks), and offsets per stream.
 */
class OutputRoundTripTest {

  @RegisterExtension static final RunningSquall squall = new RunningSquall();

  private static final String CMD = "printf 'ünï ✓ 日本語 😀\\n\\n\\n  two spaces  \\n'; seq 1 2500;"
      + " head -c 60000 /dev/zero | tr '\\0' x; echo; echo; echo 'err ✓' >&2; echo >&2;"
      + " seq 1 1200 >&2; printf 'last\\n'";

  @Test
  void eachStreamComesBackExactlyAsPrinted() {
    String id = squall.runToEnd("core.local", Map.of("cmd", CMD)).get("id").asText();
    String seq2500 = seq(2_500);
    String stdout = "ünï ✓ 日本語 😀\n\n\n  two spaces  \n" + seq2500 + "x".repeat(60_000) + "\n\nlast\n";
    String stderr = "err ✓\n\n" + seq(1_200);

    assertThat(output(id, "output_type=stdout")).isEqualTo(stdout);
    assertThat(output(id, "output_type=stderr")).isEqualTo(stderr);
    assertThat(output(id, "")).hasSize(stdout.length() + stderr.length());
    assertThat(output(id, "output_type=stdout&offset=4")).isEqualTo(stdout.substring(
        "ünï ✓ 日本語 😀\n\n\n  two spaces  \n".length()));
    assertThat(output(id, "output_type=stderr&offset=1002"))
        .isEqualTo(seq(1_200).substring(seq(1_000).length()));
    assertThat(output(id, "output_type=stdout&offset=9999")).isEmpty();
  }

  private static String output(String id, String query) {
    RunningSquall.Response r = squall.get("/api/v1/executions/" + id + "/output?" + query);
    assertThat(r.status()).isEqualTo(200);
    return r.body();
  }

  private static String seq(int n) {
    return IntStream.rangeClosed(1, n).mapToObj(Integer::toString)
        .collect(Collectors.joining("\n", "", "\n"));
  }
}
