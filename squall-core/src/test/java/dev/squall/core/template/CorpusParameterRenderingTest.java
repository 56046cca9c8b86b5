package dev.squall.core.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.squall.core.action.ParameterSpec;
import dev.squall.core.corpus.StackStormCorpus;
import dev.squall.core.error.BadRequestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Renders every templated parameter default in the StackStorm pack corpus (when present), as an
 * execution without user values would: each must render or fail with a BadRequestException that
 * names the parameter, never with anything else.
 */
class CorpusParameterRenderingTest {

  private static final Set<String> SHELL_RUNNERS = Set.of("local-shell-cmd", "remote-shell-cmd");

  @Test
  @SuppressWarnings("unchecked")
  void everyTemplatedDefaultInTheCorpusRendersOrFailsClearly() throws IOException {
    Path corpus = StackStormCorpus.require();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    ParameterRenderer renderer = new ParameterRenderer(new TemplateEngine(), KeyValueLookup.none());
    List<String> rendered = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    try (Stream<Path> files = Files.walk(corpus)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")
          && f.getParent().getFileName().toString().equals("actions")).toList()) {
        Map<String, Object> action;
        try {
          action = yaml.readValue(file.toFile(), Map.class);
        } catch (IOException e) {
          continue;
        }
        if (action == null || !(action.get("parameters") instanceof Map<?, ?> params)
            || !TemplateEngine.isTemplate(params.values().stream()
                .filter(Map.class::isInstance).map(p -> ((Map<?, ?>) p).get("default")).toList())) {
          continue;
        }
        Map<String, ParameterSpec> specs = new LinkedHashMap<>();
        ((Map<String, Object>) params).forEach((name, raw) -> {
          Map<String, Object> p = raw instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
          specs.put(name, new ParameterSpec(name, (String) p.get("type"),
              Boolean.TRUE.equals(p.get("required")), p.get("default"), null,
              Boolean.TRUE.equals(p.get("immutable")), Boolean.TRUE.equals(p.get("secret")),
              null, null, p));
        });
        String pack = corpus.relativize(file).getName(0).toString();
        Map<String, Object> context = Map.of("config_context", Map.of(),
            "action_context", Map.of("pack", pack, "user", "stanley"));
        Set<String> shell = SHELL_RUNNERS.contains(action.get("runner_type")) ? Set.of("cmd") : Set.of();
        try {
          renderer.render(specs, Map.of(), context, shell);
          rendered.add(file.toString());
        } catch (BadRequestException e) {
          assertThat(e.getMessage()).containsAnyOf("parameter \"", "Parameter \"", "Cyclic");
          failed.add(corpus.relativize(file) + ": " + e.getMessage());
        }
      }
    }
    assertThat(failed).isEmpty();
    assertThat(rendered).hasSizeGreaterThan(50);
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyAliasAckAndResultTemplateInTheCorpusRenders() throws IOException {
    Path corpus = StackStormCorpus.require();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    ResultTemplates templates = new ResultTemplates(new TemplateEngine());
    Map<String, Object> execution = Map.of("id", "5f1", "status", "succeeded",
        "action", Map.of("ref", "x.y"), "runner", Map.of("name", "python-script"),
        "parameters", Map.of(), "result", Map.of("result", Map.of("a", 1), "stdout", "out"));
    List<String> failed = new ArrayList<>();
    int rendered = 0;
    try (Stream<Path> files = Files.walk(corpus)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")
          && f.getParent().getFileName().toString().equals("aliases")).toList()) {
        Map<String, Object> alias = yaml.readValue(file.toFile(), Map.class);
        for (String field : List.of("ack", "result")) {
          if (alias != null && alias.get(field) instanceof Map<?, ?> spec) {
            try {
              if (spec.get("format") instanceof String format) {
                templates.renderResult(format, execution, alias);
                rendered++;
              }
              if (spec.get("extra") != null) {
                templates.renderResultExtra(spec.get("extra"), execution, alias);
                rendered++;
              }
            } catch (BadRequestException e) {
              failed.add(corpus.relativize(file) + " " + field + ": " + e.getMessage());
            }
          }
        }
      }
    }
    assertThat(failed).isEmpty();
    assertThat(rendered).isGreaterThan(10);
  }
}
