package dev.squall.core.chain;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An action-chain definition that passed inspection.
 *
 * @param vars the chain's {@code vars}, as written (rendered once when the chain starts)
 * @param defaultNode the {@code default} start node, or null
 * @param nodes the {@code chain}, in file order (never empty, names unique)
 */
public record ActionChain(Map<String, Object> vars, String defaultNode, List<Node> nodes) {

  public ActionChain {
    vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
    nodes = List.copyOf(nodes);
  }

  /**
   * A node as written: {@code parameters} (or its alias {@code params}) and {@code publish} are
   * templates rendered when the node runs; {@code onSuccess}/{@code onFailure} are null for "stop".
   */
  public record Node(String name, String ref, Map<String, Object> parameters,
      Map<String, Object> publish, String onSuccess, String onFailure) {}

  /** st2's {@code _get_default}: {@code default}, else the first node nothing leads to, else the first. */
  public Node start() {
    if (defaultNode != null) {
      return find(defaultNode);
    }
    Set<String> targets = new HashSet<>();
    nodes.forEach(n -> {
      targets.add(n.onSuccess());
      targets.add(n.onFailure());
    });
    return nodes.stream().filter(n -> !targets.contains(n.name())).findFirst()
        .orElse(nodes.getFirst());
  }

  /** The node called {@code name}, or null (also for a null name: the chain stops). */
  public Node find(String name) {
    return name == null ? null
        : nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElse(null);
  }
}
