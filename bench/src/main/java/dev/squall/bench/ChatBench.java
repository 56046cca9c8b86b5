package dev.squall.bench;

import dev.squall.core.config.Config;
import dev.squall.server.Squall;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * ChatOps end to end, in-process: M simulated users each send commands in their own room through a
 * loopback chat adapter; each command's ack and result are timed from the moment the message
 * reaches the bot to the moment the bot hands the reply to the platform.
 */
final class ChatBench {

  private ChatBench() {}

  static List<Figure> run(boolean quick) throws Exception {
    Path home = Files.createTempDirectory("squall-bench-chat-");
    Path packs = Files.createTempDirectory("squall-bench-chat-packs-");
    writeAliases(packs);
    Map<String, String> env = Map.of("SQUALL_HOME", home.toString(), "SQUALL_SERVER_PORT", "0",
        "SQUALL_ADMIN_PASSWORD", "bench-password", "SQUALL_AUTH_KDF_ITERATIONS", "1000",
        "SQUALL_PACKS_PATH", packs.toString(), "SQUALL_CHAT_CONSOLE_ENABLED", "false");
    // -Dbench.chat.users=N (e.g. through JAVA_TOOL_OPTIONS) sets how many users type at once.
    int users = Integer.getInteger("bench.chat.users", quick ? 4 : 8);
    int perUser = quick ? 50 : 150;
    try (Squall squall = Squall.start(Config.load(null, env), new PrintStream(OutputStream.nullOutputStream()))) {
      LoopbackAdapter chat = new LoopbackAdapter();
      squall.bot().addAdapter(chat);
      while (!chat.ready()) {
        Thread.onSpinWait();
      }
      List<Figure> figures = new ArrayList<>();
      for (String[] c : new String[][] {{"noop", "core.noop"}, {"echo hi", "core.local cmd=\"echo hi\""}}) {
        drive(chat, "warm-" + c[0], "!" + c[0], 20, 1);
        double[][] t = drive(chat, c[0], "!" + c[0], perUser, users);
        figures.add(new Figure("chat command -> ack posted, " + c[1], Stats.percentile(t[0], 50),
            Stats.percentile(t[0], 99), "ms", 5, 20, false, "p50<=5ms p99<=20ms",
            users + " users x " + perUser + " commands, in-process loopback adapter"));
        figures.add(new Figure("chat command -> result posted, " + c[1], Stats.percentile(t[1], 50),
            Stats.percentile(t[1], 99), "ms", 30, 100, false, "p50<=30ms p99<=100ms",
            "through the durable notifier's chat route"));
      }
      return figures;
    }
  }

  /** Runs {@code perUser} commands for each of {@code users} users at once; [ack ms, result ms]. */
  private static double[][] drive(LoopbackAdapter chat, String tag, String command, int perUser, int users)
      throws Exception {
    List<Double> acks = new CopyOnWriteArrayList<>();
    List<Double> results = new CopyOnWriteArrayList<>();
    List<java.util.concurrent.Future<?>> running = new ArrayList<>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int u = 0; u < users; u++) {
        String user = "user" + u;
        String room = "#" + tag + "-" + u;
        running.add(pool.submit(() -> {
          var inbox = chat.room(room);
          for (int i = 0; i < perUser; i++) {
            long t0 = System.nanoTime();
            chat.say(user, room, command);
            LoopbackAdapter.Sent ack = inbox.poll(30, TimeUnit.SECONDS);
            LoopbackAdapter.Sent result = inbox.poll(30, TimeUnit.SECONDS);
            if (ack == null || result == null) {
              throw new IllegalStateException("no " + (ack == null ? "ack" : "result") + " for " + command);
            }
            acks.add((ack.nanos() - t0) / 1e6);
            results.add((result.nanos() - t0) / 1e6);
          }
          return null;
        }));
      }
    }
    for (var f : running) {
      f.get(); // a user whose command got no answer fails the benchmark, loudly
    }
    return new double[][] {acks.stream().mapToDouble(Double::doubleValue).toArray(),
        results.stream().mapToDouble(Double::doubleValue).toArray()};
  }

  private static void writeAliases(Path packs) throws Exception {
    Path pack = Files.createDirectories(packs.resolve("benchchat").resolve("aliases"));
    Files.writeString(packs.resolve("benchchat/pack.yaml"), "ref: benchchat\nname: benchchat\nversion: 1.0.0\n");
    Files.writeString(pack.resolve("noop.yaml"), "name: noop\naction_ref: core.noop\nformats:\n  - \"noop\"\n");
    Files.writeString(pack.resolve("echo_hi.yaml"), """
        name: echo_hi
        action_ref: core.local
        formats:
          - "echo hi"
        immutable_parameters:
          cmd: "echo hi"
        """);
  }
}
