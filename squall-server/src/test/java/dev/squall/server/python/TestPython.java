package dev.squall.server.python;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code /usr/bin/python3} with the modules a test's packs need ({@code .ci/run}
 * installs them: python3-openpyxl, python3-six, python3-venv; PyPI is not reachable). Without it
 * the test is skipped naming the packages, and fails under {@code SQUALL_REQUIRE_ALL=1}.
 */
final class TestPython {

  private TestPython() {}

  static String withModules(String... modules) {
    String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    String imports = modules.length == 0 ? "import sys" : "import " + String.join(", ", modules);
    if (!works(python, imports)) {
      String missing = python + " cannot run \"" + imports + "\" (Debian packages python3 "
          + String.join(" ", List.of(modules).stream().map(m -> "python3-" + m).toList()) + ")";
      if ("1".equals(System.getenv("SQUALL_REQUIRE_ALL"))) {
        fail(missing + "; SQUALL_REQUIRE_ALL=1 forbids skipping");
      }
      Assumptions.abort(missing);
    }
    return python;
  }

  static boolean works(String python, String code) {
    try {
      Process p = new ProcessBuilder(python, "-c", code).redirectErrorStream(true).start();
      p.getOutputStream().close();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
