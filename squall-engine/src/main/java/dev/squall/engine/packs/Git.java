package dev.squall.engine.packs;

import dev.squall.core.error.BadRequestException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The {@code git} binary, for fetching packs: it never prompts for credentials. */
final class Git {

  private static final long TIMEOUT_MINUTES = 5;

  private Git() {}

  /**
   * Clones {@code url} into {@code dir} and checks out {@code ref} (a branch, tag or commit; a
   * version {@code 1.2.3} also as tag {@code v1.2.3}, as StackStorm tries) when given.
   */
  static Path cloneInto(String url, String ref, Path dir) {
    run(null, "clone", "--quiet", "--", url, dir.toString());
    if (ref != null && !ref.isBlank()) {
      try {
        run(dir, "checkout", "--quiet", ref);
      } catch (BadRequestException first) {
        if (ref.startsWith("v")) {
          throw first;
        }
        run(dir, "checkout", "--quiet", "v" + ref);
      }
    }
    return dir;
  }

  private static void run(Path cwd, String... args) {
    List<String> cmd = new ArrayList<>(List.of("git"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    if (cwd != null) {
      pb.directory(cwd.toFile());
    }
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    pb.environment().put("GIT_ASKPASS", "true");
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new BadRequestException("git " + String.join(" ", args) + " took longer than "
            + TIMEOUT_MINUTES + " minutes");
      }
      if (p.exitValue() != 0) {
        throw new BadRequestException("git " + args[0] + " failed: "
            + new String(out, StandardCharsets.UTF_8).strip());
      }
    } catch (IOException e) {
      throw new BadRequestException("git cannot be run (install the git package): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BadRequestException("git " + args[0] + " was interrupted", e);
    }
  }
}
