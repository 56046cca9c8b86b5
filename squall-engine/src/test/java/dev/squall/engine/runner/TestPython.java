package dev.squall.engine.runner;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The python3 the Python runner tests use: Debian's {@code /usr/bin/python3} when there is one
 * (where {@code .ci/run} installs python3-openpyxl), else the first on PATH. Without one the test
 * is skipped, naming the package, and fails under {@code SQUALL_REQUIRE_ALL=1}.
 */
public final class TestPython {

  private TestPython() {}

  public static String interpreter() {
    String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    if (!works(python)) {
      String missing = "no python3 to run Python actions with (Debian package python3)";
      if ("1".equals(System.getenv("SQUALL_REQUIRE_ALL"))) {
        fail(missing + "; SQUALL_REQUIRE_ALL=1 forbids skipping");
      }
      Assumptions.abort(missing);
    }
    return python;
  }

  private static boolean works(String python) {
    try {
      Process p = new ProcessBuilder(python, "-c", "import sys; sys.exit(sys.version_info < (3, 8))")
          .redirectErrorStream(true).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
