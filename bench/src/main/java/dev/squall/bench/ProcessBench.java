package dev.squall.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Squall as a user starts it: a separate JVM with the launcher's options. Measures the time from
 * process start to the API answering, the resident memory once idle with 100 packs loaded, and
 * the time to issue a login token with the default KDF cost (600,000 PBKDF2 rounds).
 */
final class ProcessBench {

  private ProcessBench() {}

  static List<Figure> run(boolean quick) throws Exception {
    Path packs = Files.createTempDirectory("squall-bench-packs-");
    PackGenerator.generate(packs, 100, 10);
    int runs = quick ? 3 : 5;
    double[] readyMs = new double[runs];
    double[] readyCpuMs = new double[runs];
    double rssMb = Double.NaN;
    double[] loginMs = new double[quick ? 5 : 20];
    double[] loginCpuMs = new double[loginMs.length];
    // The first start of a new home creates the admin user (a deliberately slow password hash)
    // and the schema: that is installation, not start-up, so it runs once before the timed starts.
    Path home = Files.createTempDirectory("squall-bench-home-");
    for (int i = -1; i < runs; i++) {
      int port = freePort();
      ProcessBuilder pb = new ProcessBuilder(launcherCommand(port))
          .redirectErrorStream(true).redirectOutput(home.resolve("server.log").toFile());
      pb.environment().put("SQUALL_HOME", home.toString());
      pb.environment().put("SQUALL_PACKS_PATH", packs.toString());
      pb.environment().put("SQUALL_ADMIN_PASSWORD", "bench-password");
      long t0 = System.nanoTime();
      Process p = pb.start();
      try {
        waitReady(port, p, home);
        if (i < 0) {
          continue;
        }
        readyMs[i] = (System.nanoTime() - t0) / 1e6;
        readyCpuMs[i] = cpuMillis(p.pid());
        if (i == runs - 1) {
          Thread.sleep(2000); // let start-up garbage settle before reading the idle footprint
          rssMb = rssKb(p.pid()) / 1024.0;
          // Logins right after start, the first one included: what a user waits for.
          for (int n = 0; n < loginMs.length; n++) {
            double cpu0 = cpuMillis(p.pid());
            loginMs[n] = loginMillis(port);
            loginCpuMs[n] = cpuMillis(p.pid()) - cpu0;
          }
        }
      } finally {
        p.destroy();
        p.waitFor();
      }
    }
    return List.of(
        new Figure("start to ready (API answering), 100 packs", Stats.percentile(readyMs, 50),
            Stats.percentile(readyMs, 99), "ms", 2000, Double.NaN, false, "<= 2 s", runs + " cold JVM starts of an installed home"),
        new Figure("start to ready, server CPU time", Stats.percentile(readyCpuMs, 50),
            Stats.percentile(readyCpuMs, 99), "ms", Double.NaN, Double.NaN, false, "-",
            "user+system CPU of the server's JVM until the API answered (/proc): steadier than wall time on shared cores"),
        new Figure("memory idle with 100 packs (RSS)", rssMb, Double.NaN, "MB", 256, Double.NaN, false, "<= 256 MB",
            "100 generated packs x 10 actions; squall start"),
        new Figure("token issuance (POST /auth/v1/tokens)", Stats.percentile(loginMs, 50),
            Stats.percentile(loginMs, 99), "ms", 300, Double.NaN, false, "<= 300 ms",
            loginMs.length + " logins from the first after start; default KDF cost (600,000 PBKDF2 rounds)"),
        new Figure("token issuance, server CPU time", Stats.percentile(loginCpuMs, 50),
            Stats.percentile(loginCpuMs, 99), "ms", Double.NaN, Double.NaN, false, "-",
            "the server's user+system CPU per login (/proc, 10 ms ticks): what the wall time would be on idle cores"));
  }

  /**
   * {@code squall start}, through the launcher itself: its JVM options and its start-up cache
   * (made on the first start after a build, which is the untimed one) are what is measured. The
   * launcher execs the JVM, so the process is the server's.
   */
  private static List<String> launcherCommand(int port) {
    String dist = System.getenv().getOrDefault("SQUALL_DIST", ".");
    return List.of(Path.of(dist, "squall").toString(), "start", "--port", String.valueOf(port));
  }

  private static double loginMillis(int port) throws Exception {
    String basic = Base64.getEncoder().encodeToString("admin:bench-password".getBytes(StandardCharsets.UTF_8));
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/auth/v1/tokens"))
        .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.noBody()).build();
    long t0 = System.nanoTime();
    HttpResponse<Void> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.discarding());
    double ms = (System.nanoTime() - t0) / 1e6;
    if (r.statusCode() != 201) {
      throw new IllegalStateException("login answered " + r.statusCode());
    }
    return ms;
  }

  private static void waitReady(int port, Process p, Path home) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
    // the first start after a build also prepares the launcher's start-up cache
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("server exited: " + Files.readString(home.resolve("server.log")));
      }
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/actions"))
            .timeout(Duration.ofMillis(500)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 401 || r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        Thread.sleep(5);
      }
    }
    throw new IllegalStateException("server not ready within 180 s");
  }

  /** A process's user + system CPU time so far, from /proc (clock ticks of 10 ms). */
  private static double cpuMillis(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0;
  }

  private static long rssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmRSS for " + pid);
  }

  private static int freePort() throws IOException {
    try (var s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
