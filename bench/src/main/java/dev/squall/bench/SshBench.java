package dev.squall.bench;

import dev.squall.core.action.ActionDef;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.runner.BuiltinRunners;
import dev.squall.engine.runner.OutputSink;
import dev.squall.engine.runner.RunContext;
import dev.squall.engine.runner.Runner;
import dev.squall.engine.runner.RunnerResult;
import dev.squall.engine.runner.RunnerSettings;
import dev.squall.engine.runner.SshConnections;
import dev.squall.engine.runner.SshSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code core.remote cmd="echo hi"} against a throwaway OpenSSH server ({@code /usr/sbin/sshd},
 * Debian's openssh-server) on 10 loopback ports, each a "host": with pooled connections, and a
 * first connection (handshake and login included). DESIGN.md sets no target: recorded.
 */
final class SshBench {

  private static final Path SSHD = Path.of("/usr/sbin/sshd");
  private static final int HOSTS = 10;

  private SshBench() {}

  static List<Figure> run(boolean quick) throws Exception {
    if (!Files.isExecutable(SSHD)) {
      System.err.println("bench: no " + SSHD + " (Debian openssh-server): ssh figures skipped");
      return List.of(new Figure("core.remote \"echo hi\" on 10 loopback hosts, pooled", Double.NaN,
          Double.NaN, "ms", Double.NaN, Double.NaN, false, "none (recorded)", "sshd not installed"));
    }
    Path dir = Files.createTempDirectory("squall-sshbench");
    List<Integer> ports = new ArrayList<>();
    Process sshd = start(dir, ports);
    try {
      SshSettings settings = SshSettings.defaults().withKeyFile(dir.resolve("client_key"))
          .withKnownHosts(dir.resolve("known_hosts"), Set.of());
      ActionDef remote = new ActionDef("core", "remote", "bench", "remote-shell-cmd", "", true,
          Map.of(), Map.of(), null, null);
      String all = String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
      int n = quick ? 20 : 100;
      double[] pooled = new double[n];
      try (SshConnections ssh = new SshConnections(settings)) {
        Runner runner = BuiltinRunners.create(RunnerSettings.defaults(), ssh).get("remote-shell-cmd");
        once(runner, remote, all); // the handshakes, paid once
        for (int i = 0; i < n; i++) {
          long t0 = System.nanoTime();
          once(runner, remote, all);
          pooled[i] = (System.nanoTime() - t0) / 1e6;
        }
      }
      int firsts = quick ? 5 : 20;
      double[] first = new double[firsts];
      for (int i = 0; i < firsts; i++) {
        try (SshConnections ssh = new SshConnections(settings)) {
          Runner runner = BuiltinRunners.create(RunnerSettings.defaults(), ssh).get("remote-shell-cmd");
          long t0 = System.nanoTime();
          once(runner, remote, "127.0.0.1:" + ports.get(i % HOSTS));
          first[i] = (System.nanoTime() - t0) / 1e6;
        }
      }
      return List.of(
          new Figure("core.remote \"echo hi\" on 10 loopback hosts, pooled", Stats.percentile(pooled, 50),
              Stats.percentile(pooled, 99), "ms", Double.NaN, Double.NaN, false, "none (recorded)",
              n + " runs, connections reused (ssh.idle_timeout)"),
          new Figure("core.remote \"echo hi\" on 1 host, first connection", Stats.percentile(first, 50),
              Stats.percentile(first, 99), "ms", Double.NaN, Double.NaN, false, "none (recorded)",
              firsts + " runs, each with a new client: TCP, key exchange, public-key login"));
    } finally {
      sshd.descendants().forEach(ProcessHandle::destroyForcibly);
      sshd.destroyForcibly();
      sshd.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void once(Runner runner, ActionDef remote, String hosts) {
    RunnerResult r = runner.run(new RunContext("5f00000000000000000000be", remote,
        Map.of("cmd", "echo hi", "hosts", hosts, "timeout", 60, "cwd", "/tmp"), Map.of(),
        OutputSink.DISCARD));
    if (r.status() != ExecutionStatus.SUCCEEDED) {
      throw new IllegalStateException("core.remote failed: " + r.result());
    }
  }

  private static Process start(Path dir, List<Integer> ports) throws Exception {
    keygen(dir.resolve("host_key"));
    keygen(dir.resolve("client_key"));
    StringBuilder config = new StringBuilder();
    StringBuilder known = new StringBuilder();
    String hostKey = Files.readString(dir.resolve("host_key.pub")).strip();
    for (int i = 0; i < HOSTS; i++) {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      ports.add(port);
      config.append("Port ").append(port).append('\n');
      known.append("[127.0.0.1]:").append(port).append(' ').append(hostKey).append('\n');
    }
    config.append("ListenAddress 127.0.0.1\nHostKey ").append(dir.resolve("host_key"))
        .append("\nAuthorizedKeysFile ").append(dir.resolve("client_key.pub"))
        .append("\nPidFile none\nStrictModes no\nUsePAM no\nPasswordAuthentication no\n")
        .append("MaxStartups 200\nMaxSessions 100\nLogLevel ERROR\n");
    Files.writeString(dir.resolve("sshd_config"), config);
    Files.writeString(dir.resolve("known_hosts"), known);
    if ("root".equals(System.getProperty("user.name"))) {
      Files.createDirectories(Path.of("/run/sshd"));
    }
    Process p = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f",
        dir.resolve("sshd_config").toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("sshd.log").toFile()).start();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (int port : ports) {
      while (!accepts(port)) {
        if (!p.isAlive() || System.nanoTime() > until) {
          throw new IOException("sshd did not start: " + Files.readString(dir.resolve("sshd.log")));
        }
        Thread.sleep(50);
      }
    }
    return p;
  }

  private static void keygen(Path key) throws Exception {
    Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f",
        key.toString()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      throw new IOException("ssh-keygen failed for " + key);
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
