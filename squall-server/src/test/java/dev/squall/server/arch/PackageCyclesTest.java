package dev.squall.server.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of every module's main sources form no cycle: a package's imports never lead back
 * to it. The graph is read from the sources' import lines (and same-module qualified references
 * are rare enough to leave out), so a new cycle fails the build the moment it is written.
 */
class PackageCyclesTest {

  private static final Pattern PACKAGE = Pattern.compile("^package (dev\\.squall[\\w.]*);",
      Pattern.MULTILINE);
  private static final Pattern IMPORT = Pattern.compile(
      "^import (?:static )?(dev\\.squall(?:\\.[a-z]\\w*)*)\\.[A-Z]", Pattern.MULTILINE);

  @Test
  void noPackageImportsLeadBackToItself() {
    Map<String, Set<String>> graph = importGraph(repositoryRoot());
    assertThat(graph).as("packages found").hasSizeGreaterThan(20);
    assertThat(cycles(graph)).as("package cycles (each a strongly connected set)").isEmpty();
  }

  @Test
  void detectsACycleWhenThereIsOne() {
    Map<String, Set<String>> graph = new TreeMap<>();
    graph.put("a", Set.of("b"));
    graph.put("b", Set.of("c"));
    graph.put("c", Set.of("a"));
    graph.put("d", Set.of("a"));
    assertThat(cycles(graph)).containsExactly(new TreeSet<>(Set.of("a", "b", "c")));
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("squall"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("the repository root (the folder with the ./squall launcher)").isNotNull();
    return dir;
  }

  private static Map<String, Set<String>> importGraph(Path root) {
    Map<String, Set<String>> graph = new TreeMap<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).toList()) {
        try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
          for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
            String src = Files.readString(f);
            Matcher p = PACKAGE.matcher(src);
            if (!p.find()) {
              continue;
            }
            Set<String> deps = graph.computeIfAbsent(p.group(1), k -> new TreeSet<>());
            Matcher i = IMPORT.matcher(src);
            while (i.find()) {
              if (!i.group(1).equals(p.group(1))) {
                deps.add(i.group(1));
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return graph;
  }

  /** Tarjan's strongly connected components, keeping those of more than one package. */
  static List<Set<String>> cycles(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> found = new ArrayList<>();
    int[] counter = {0};
    for (String v : graph.keySet()) {
      if (!index.containsKey(v)) {
        connect(v, graph, index, low, stack, onStack, found, counter);
      }
    }
    return found;
  }

  private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
      Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> found,
      int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]++);
    stack.push(v);
    onStack.add(v);
    for (String w : graph.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        connect(w, graph, index, low, stack, onStack, found, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> component = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        found.add(component);
      }
    }
  }
}
