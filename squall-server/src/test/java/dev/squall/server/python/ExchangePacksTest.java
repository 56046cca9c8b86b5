package dev.squall.server.python;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.server.RunningSquall;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every example of {@code python-pack-examples.json} (what StackStorm returns for two real
 * Exchange packs, csv and excel, copied into test resources with their LICENSE) run through the
 * API: same status, stdout, exit code, result and last stderr line, or the same refusal.
 */
class ExchangePacksTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The excel examples share one workbook and depend on each other (set_variables before the
   * get_variables that reads it, delete_row before the last get_keys_for_rows): their order.
   */
  private static final List<String> EXCEL_ORDER = List.of("excel.get_sheets#0",
      "excel.get_sheets#1", "excel.get_sheets#2", "excel.get_keys_for_columns#0",
      "excel.get_keys_for_rows#0", "excel.get_keys_for_rows#1", "excel.get_variables#0",
      "excel.get_variables#1", "excel.set_variables#0", "excel.get_variables#2",
      "excel.delete_row#0", "excel.delete_row#1", "excel.get_keys_for_rows#2");

  private static RunningSquall squall;
  private static Path tmp;

  @BeforeAll
  static void start() throws Exception {
    String python = TestPython.withModules("openpyxl", "six", "ensurepip");
    tmp = Files.createTempDirectory("squall-python-examples-");
    Files.writeString(tmp.resolve("data.csv"), "a;b\n1;'x;y'\n");
    workbook(python, tmp.resolve("book.xlsx"));
    squall = RunningSquall.startIn(Files.createTempDirectory("squall-python-home-"), Map.of(
        "SQUALL_PACKS_PATH", resource("/python-packs").toString(),
        "SQUALL_PYTHON_INTERPRETER", python,
        // excel's requirements (openpyxl, six) are Debian's: seen through the system site
        // packages, never fetched (no PyPI here)
        "SQUALL_PYTHON_SYSTEM_SITE_PACKAGES", "true",
        "SQUALL_PYTHON_PIP_ARGS", "--no-index"));
  }

  @AfterAll
  static void stop() {
    if (squall != null) {
      squall.close();
    }
  }

  /** The oracle's workbook: sheet hosts (name/ip/role; web01, db01, 42) and an empty sheet. */
  private static void workbook(String python, Path file) throws Exception {
    String code = "import sys, openpyxl\nwb = openpyxl.Workbook()\nws = wb.active\n"
        + "ws.title = 'hosts'\nfor row in [['name', 'ip', 'role'], ['web01', '10.0.0.5', 'web'],"
        + " ['db01', '10.0.0.9', 'db'], [42, '10.0.0.42', 'misc']]:\n    ws.append(row)\n"
        + "wb.create_sheet('empty')\nwb.save(sys.argv[1])\n";
    Process p = new ProcessBuilder(python, "-c", code, file.toString()).inheritIO().start();
    assertThat(p.waitFor()).as("workbook created").isZero();
  }

  @TestFactory
  Stream<DynamicTest> everyExampleGivesStackStormsStatusAndResult() throws IOException {
    JsonNode doc = JSON.readTree(resource("/python-pack-examples.json").toFile());
    List<DynamicTest> csv = new ArrayList<>();
    Map<String, DynamicTest> excel = new java.util.HashMap<>();
    for (JsonNode pack : doc.get("packs")) {
      for (JsonNode action : pack.get("actions")) {
        String ref = action.get("ref").asText();
        int i = 0;
        for (JsonNode example : action.get("examples")) {
          String key = ref + "#" + i++;
          DynamicTest test = DynamicTest.dynamicTest(key + " (" + example.path("note").asText()
              + ")", () -> check(ref, example));
          if (ref.startsWith("excel.")) {
            excel.put(key, test);
          } else {
            csv.add(test);
          }
        }
      }
    }
    assertThat(excel.keySet()).containsExactlyInAnyOrderElementsOf(EXCEL_ORDER);
    assertThat(csv).hasSize(10);
    return Stream.concat(csv.stream(), EXCEL_ORDER.stream().map(excel::get));
  }

  private void check(String ref, JsonNode example) throws Exception {
    setConfig(ref.substring(0, ref.indexOf('.')), example.get("config"));
    @SuppressWarnings("unchecked")
    Map<String, Object> parameters = JSON.convertValue(substitute(example.get("parameters")),
        Map.class);
    JsonNode expected = substitute(example.get("st2_would_return"));
    if (expected.path("rejected").asBoolean()) {
      RunningSquall.Response r = squall.post("/api/v1/executions",
          Map.of("action", ref, "parameters", parameters));
      assertThat(r.status()).as(r.body()).isEqualTo(400);
      for (JsonNode error : expected.get("validation_errors")) {
        assertThat(r.fault()).contains(error.asText());
      }
      return;
    }
    JsonNode e = squall.runToEnd(ref, parameters);
    JsonNode result = e.get("result");
    JsonNode output = expected.get("output");
    assertThat(e.get("status").asText()).as("status; result %s", result)
        .isEqualTo(expected.get("status").asText());
    assertThat(result.get("result")).as("result").isEqualTo(output.get("result"));
    assertThat(result.get("stdout").asText()).as("stdout").isEqualTo(output.get("stdout").asText());
    assertThat(result.get("exit_code").asInt()).as("exit_code")
        .isEqualTo(output.get("exit_code").asInt());
    assertThat(lastLine(result.get("stderr").asText())).as("stderr of %s", result)
        .isEqualTo(output.get("stderr_last_line").asText());
  }

  /** The example's pack config, or none (null: no config file at all). */
  private static void setConfig(String pack, JsonNode config) throws IOException {
    Path file = squall.home().resolve("configs").resolve(pack + ".yaml");
    if (config == null || config.isNull()) {
      Files.deleteIfExists(file);
    } else {
      // JSON is YAML; a fresh modification time each, so the cached config is read again
      Files.writeString(file, JSON.writeValueAsString(substitute(config)));
      Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(
          System.currentTimeMillis() + (long) (Math.random() * 1_000_000)));
    }
  }

  private static String lastLine(String stderr) {
    String[] lines = stderr.strip().split("\n");
    return lines[lines.length - 1];
  }

  private static JsonNode substitute(JsonNode node) throws IOException {
    return JSON.readTree(JSON.writeValueAsString(node).replace("$TMP", tmp.toString()));
  }

  private static Path resource(String name) {
    try {
      return Path.of(ExchangePacksTest.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
