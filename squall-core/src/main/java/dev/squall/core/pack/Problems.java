package dev.squall.core.pack;

import dev.squall.core.problem.Problem;
import dev.squall.core.yaml.YamlDocument;
import dev.squall.core.yaml.YamlReader;
import dev.squall.core.yaml.YamlSyntaxException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Collects the problems of one pack while it loads; counts errors per file to decide skipping. */
final class Problems {

  private final List<Problem> all = new ArrayList<>();

  void error(Path file, int line, String message) {
    all.add(Problem.error(file, line, message));
  }

  void warning(Path file, int line, String message) {
    all.add(Problem.warning(file, line, message));
  }

  void add(Problem p) {
    all.add(p);
  }

  /** Errors reported so far; callers compare before and after checking one file. */
  int errorCount() {
    return (int) all.stream().filter(Problem::isError).count();
  }

  List<Problem> list() {
    return List.copyOf(all);
  }

  /** Reads a YAML file, turning syntax and I/O failures into an error problem. */
  Optional<YamlDocument> read(Path file) {
    try {
      return Optional.of(YamlReader.read(file));
    } catch (YamlSyntaxException e) {
      error(file, e.line(), "invalid YAML at line " + e.line() + ", column " + e.column() + ": "
          + e.reason());
    } catch (UncheckedIOException e) {
      error(file, 0, "cannot read file: " + e.getCause().getMessage());
    }
    return Optional.empty();
  }
}
