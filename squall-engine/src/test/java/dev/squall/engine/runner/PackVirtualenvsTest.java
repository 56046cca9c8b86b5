package dev.squall.engine.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.core.action.ActionDef;
import dev.squall.engine.execution.model.ExecutionStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-pack virtualenvs with requirements.txt installed by pip, from a wheel built here. */
class PackVirtualenvsTest {

  @TempDir Path root;
  private Path wheels;
  private PythonScriptRunner runner;
  private PythonSettings python;

  @BeforeEach
  void setUp() throws Exception {
    wheels = Files.createDirectories(root.resolve("wheels"));
    wheel(wheels, "squalltestpkg", "1.0", "VALUE = 'from the wheel'\n");
    Path work = Files.createDirectories(root.resolve("work"));
    // No PyPI here: pip may only look at the folder of wheels.
    python = new PythonSettings(TestPython.interpreter(), false,
        List.of("--no-index", "--find-links", wheels.toString()), root.resolve("venvs"));
    RunnerSettings settings = RunnerSettings.defaults().withWorkDir(work);
    runner = new PythonScriptRunner(settings, new PackVirtualenvs(python, settings),
        pack -> Map.of(), ActionApiAccess.NONE);
  }

  private ActionDef pack(String name, String requirements) throws IOException {
    Path dir = Files.createDirectories(root.resolve("packs").resolve(name).resolve("actions"))
        .getParent();
    if (requirements != null) {
      Files.writeString(dir.resolve("requirements.txt"), requirements);
    }
    Files.writeString(dir.resolve("actions/which.py"), "import sys\n"
        + "from st2common.runners.base_action import Action\n\nclass Which(Action):\n"
        + "    def run(self):\n        try:\n            import squalltestpkg\n"
        + "            value = squalltestpkg.VALUE\n        except ImportError:\n"
        + "            value = None\n        return [sys.prefix, value]\n");
    return new ActionDef(name, "which", "", "python-script", "which.py", true, Map.of(), Map.of(),
        dir, dir.resolve("actions/which.yaml"));
  }

  @Test
  void aPackWithRequirementsGetsItsVirtualenvWithThemInstalled() throws Exception {
    ActionDef a = pack("withreqs", "# what the action imports\nsqualltestpkg==1.0\n");

    RunnerResult r = runner.run(TestActions.context(a, Map.of(), null));

    assertThat(r.status()).as("%s", r.result()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(r.result().get("result")).isEqualTo(
        List.of(root.resolve("venvs/withreqs").toString(), "from the wheel"));
  }

  @Test
  void aRequirementPipCannotInstallFailsThatPacksActionsNamingItAndNoOtherPack()
      throws Exception {
    ActionDef broken = pack("broken", "squalltestpkg==1.0\nno-such-package==9.9\n");
    ActionDef fine = pack("fine", null);

    RunnerResult first = runner.run(TestActions.context(broken, Map.of(), null));
    RunnerResult again = runner.run(TestActions.context(broken, Map.of(), null));
    RunnerResult other = runner.run(TestActions.context(fine, Map.of(), null));

    assertThat(first.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat((String) first.result().get("error")).contains("Pack \"broken\"",
        "requirements.txt", "requirement \"no-such-package==9.9\"",
        "No matching distribution found for no-such-package==9.9");
    assertThat(again.result().get("error")).isEqualTo(first.result().get("error"));
    assertThat(other.status()).as("%s", other.result()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(other.result().get("result"))
        .isEqualTo(java.util.Arrays.asList(root.resolve("venvs/fine").toString(), null));
  }

  @Test
  void changedRequirementsRemakeTheVirtualenv() throws Exception {
    ActionDef a = pack("changing", null);
    assertThat(((List<?>) runner.run(TestActions.context(a, Map.of(), null)).result()
        .get("result")).get(1)).isNull();

    Files.writeString(a.packDir().resolve("requirements.txt"), "squalltestpkg\n");
    RunnerResult r = runner.run(TestActions.context(a, Map.of(), null));

    assertThat(((List<?>) r.result().get("result")).get(1)).isEqualTo("from the wheel");
  }

  /** A pure-Python wheel, as pip expects one: the module, METADATA, WHEEL and a hashed RECORD. */
  static Path wheel(Path dir, String name, String version, String init) throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    String info = name + "-" + version + ".dist-info/";
    files.put(name + "/__init__.py", init);
    files.put(info + "METADATA", "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version
        + "\n");
    files.put(info + "WHEEL", "Wheel-Version: 1.0\nGenerator: squall-test\n"
        + "Root-Is-Purelib: true\nTag: py3-none-any\n");
    StringBuilder record = new StringBuilder();
    for (var f : files.entrySet()) {
      byte[] bytes = f.getValue().getBytes(StandardCharsets.UTF_8);
      String hash = Base64.getUrlEncoder().withoutPadding()
          .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
      record.append(f.getKey()).append(",sha256=").append(hash).append(',').append(bytes.length)
          .append('\n');
    }
    record.append(info).append("RECORD,,\n");
    files.put(info + "RECORD", record.toString());
    Path wheel = dir.resolve(name + "-" + version + "-py3-none-any.whl");
    try (OutputStream out = Files.newOutputStream(wheel); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (var f : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(f.getKey()));
        zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return wheel;
  }
}
