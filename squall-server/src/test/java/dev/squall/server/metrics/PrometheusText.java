package dev.squall.server.metrics;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Prometheus text exposition format as Prometheus's own client library reads it: the official
 * Python client's parser ({@code prometheus_client.parser}, Debian's
 * {@code python3-prometheus-client}) turns a scrape into samples, each its name, labels and value;
 * text it cannot parse fails the test. Without that package the test is skipped (failed under
 * {@code SQUALL_REQUIRE_ALL=1}).
 */
record PrometheusText(List<Sample> samples) {

  record Sample(String name, Map<String, String> labels, double value) {}

  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PARSE = """
      import json, sys
      from prometheus_client.parser import text_string_to_metric_families
      for family in text_string_to_metric_families(sys.stdin.read()):
          for s in family.samples:
              print(json.dumps([s.name, s.labels, repr(float(s.value))]))
      """;

  static PrometheusText parse(String text) {
    requireParser();
    try {
      Process p = new ProcessBuilder(PYTHON.toString(), "-c", PARSE).redirectErrorStream(false).start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(text.getBytes(StandardCharsets.UTF_8));
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalArgumentException("the Prometheus parser refused the scrape: " + err);
      }
      List<Sample> samples = new ArrayList<>();
      for (String line : out.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode s = JSON.readTree(line);
        Map<String, String> labels = new LinkedHashMap<>();
        s.get(1).properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        samples.add(new Sample(s.get(0).asText(), labels, value(s.get(2).asText())));
      }
      return new PrometheusText(samples);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void requireParser() {
    boolean found = Files.isExecutable(PYTHON) && python("import prometheus_client.parser");
    String missing = "Prometheus's text-format parser is missing: apt-get install python3-prometheus-client";
    if ("1".equals(System.getenv("SQUALL_REQUIRE_ALL"))) {
      if (!found) {
        fail(missing + " (SQUALL_REQUIRE_ALL=1 forbids skipping)");
      }
    } else {
      Assumptions.assumeTrue(found, missing);
    }
  }

  private static boolean python(String code) {
    try {
      Process p = new ProcessBuilder(PYTHON.toString(), "-c", code).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static double value(String s) {
    return switch (s) {
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      case "nan" -> Double.NaN;
      default -> Double.parseDouble(s);
    };
  }

  /** The sum of the samples with this name whose labels include all of {@code having}. */
  double sum(String name, Map<String, String> having) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(having.entrySet()))
        .mapToDouble(Sample::value).sum();
  }

  boolean has(String name) {
    return samples.stream().anyMatch(s -> s.name().equals(name));
  }
}
