package dev.squall.bench;

import dev.squall.core.config.Config;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.server.Squall;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What output costs on disk: {@code core.local cmd="seq 1 N"} on the embedded store, then the
 * growth of the H2 file (after a clean close) divided by the bytes the command printed. The
 * growth includes everything the run stored: output chunks, the execution row and its result
 * (which keeps up to 1 MiB of stdout, as StackStorm's does).
 */
final class StorageBench {

  private StorageBench() {}

  static List<Figure> run(boolean quick) throws Exception {
    int n = quick ? 1_000_000 : 3_000_000;
    Path home = Files.createTempDirectory("squall-bench-storage-");
    Map<String, String> env = Map.of("SQUALL_HOME", home.toString(), "SQUALL_SERVER_PORT", "0",
        "SQUALL_ADMIN_PASSWORD", "bench-password", "SQUALL_AUTH_KDF_ITERATIONS", "1000",
        "SQUALL_CHAT_WEB_ENABLED", "false");
    Path file = home.resolve("db").resolve("squall.mv.db");
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    // Start and stop once, so the baseline is the schema alone.
    Squall.start(Config.load(null, env), quiet).close();
    long before = Files.size(file);
    long printed = 0;
    for (int i = 1; i <= n; i++) {
      printed += Integer.toString(i).length() + 1;
    }
    long t0 = System.nanoTime();
    try (Squall squall = Squall.start(Config.load(null, env), quiet)) {
      Execution e = squall.executions().submit("core.local",
          Map.of("cmd", "seq 1 " + n, "timeout", 600), Map.of("user", "bench"));
      Execution end = squall.executions().await(e.id(), Duration.ofMinutes(10));
      if (end.status() != ExecutionStatus.SUCCEEDED) {
        throw new IllegalStateException("seq ended " + end.status().wire() + ": " + end.result());
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long after = Files.size(file);
    double ratio = (after - before) / (double) printed;
    return List.of(new Figure("bytes stored per byte of output (seq 1 " + n + ")", ratio,
        Double.NaN, "x", 2.0, Double.NaN, false, "<= 2x",
        String.format("%.1f MB printed; H2 file %.1f MB -> %.1f MB; run and close %.1f s",
            printed / 1e6, before / 1e6, after / 1e6, seconds)));
  }
}
