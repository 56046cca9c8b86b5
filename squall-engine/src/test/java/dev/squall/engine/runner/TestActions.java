package dev.squall.engine.runner;

import dev.squall.core.action.ActionDef;
import dev.squall.core.action.ParameterSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Builders shared by the runner tests. */
final class TestActions {

  private TestActions() {}

  static ActionDef action(String runner, String entryPoint, Path packDir,
      ParameterSpec... params) {
    Map<String, ParameterSpec> byName = new LinkedHashMap<>();
    for (ParameterSpec p : params) {
      byName.put(p.name(), p);
    }
    return new ActionDef("tests", "act", "a test action", runner, entryPoint, true, byName,
        Map.of(), packDir, packDir == null ? null : packDir.resolve("actions/act.yaml"));
  }

  static ParameterSpec param(String name, String type) {
    return new ParameterSpec(name, type, false, null, null, false, false, null, null, Map.of());
  }

  static ParameterSpec positional(String name, String type, int position) {
    return new ParameterSpec(name, type, false, null, null, false, false, position, null,
        Map.of());
  }

  static RunContext context(ActionDef action, Map<String, Object> params, OutputSink sink) {
    return new RunContext("5f0000000000000000000001", action, params, Map.of(), sink);
  }

  /** An output sink that remembers every line with its stream, in arrival order. */
  static final class Lines implements OutputSink {
    final List<String> all = new CopyOnWriteArrayList<>();

    @Override
    public void line(String stream, String line) {
      all.add(stream + ":" + line);
    }

    List<String> of(String stream) {
      List<String> out = new ArrayList<>();
      for (String l : all) {
        if (l.startsWith(stream + ":")) {
          out.add(l.substring(stream.length() + 1));
        }
      }
      return out;
    }
  }
}
