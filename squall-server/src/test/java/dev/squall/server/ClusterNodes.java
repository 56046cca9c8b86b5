package dev.squall.server;

import dev.squall.engine.store.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Several {@code squall start} child JVMs on one PostgreSQL database, as an operator runs a
 * cluster: the same {@code database.url} and {@code datastore.key}, a home of their own each, a
 * one-second heartbeat and a five-second node timeout so failovers are quick.
 */
final class ClusterNodes implements AutoCloseable {

  static final int HEARTBEAT_SECONDS = 1;
  static final int NODE_TIMEOUT_SECONDS = 5;

  private final StoreConfig store;
  private final List<ChildSquall> nodes = new ArrayList<>();

  private ClusterNodes(StoreConfig store) {
    this.store = store;
  }

  /** Starts {@code count} nodes one after the other (the first migrates the store). */
  static ClusterNodes start(StoreConfig store, Path dir, int count, Map<String, String> extraEnv)
      throws IOException {
    ClusterNodes cluster = new ClusterNodes(store);
    try {
      for (int i = 1; i <= count; i++) {
        Path home = Files.createDirectories(dir.resolve("node" + i));
        writeChatRole(home);
        if (i > 1) { // one key for the secrets of every node
          Files.copy(dir.resolve("node1/datastore.key"), home.resolve("datastore.key"));
        }
        Map<String, String> env = new HashMap<>(Map.of(
            "SQUALL_DATABASE_URL", store.jdbcUrl(),
            "SQUALL_DATABASE_USER", store.username(),
            "SQUALL_DATABASE_PASSWORD", store.password(),
            "SQUALL_CLUSTER_HEARTBEAT", String.valueOf(HEARTBEAT_SECONDS),
            "SQUALL_CLUSTER_NODE_TIMEOUT", String.valueOf(NODE_TIMEOUT_SECONDS),
            "SQUALL_PACKS_PATH", RunningSquall.testPacks().toString()));
        env.putAll(extraEnv);
        try {
          cluster.nodes.add(ChildSquall.start(home, env));
        } catch (RuntimeException e) {
          throw new AssertionError("node " + i + " did not start; the end of its log:\n" + tail(home), e);
        }
      }
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  List<ChildSquall> nodes() {
    return List.copyOf(nodes);
  }

  ChildSquall node(int index) {
    return nodes.get(index);
  }

  /** The node whose id is {@code nodeId}. */
  Optional<ChildSquall> byId(String nodeId) {
    return nodes.stream().filter(n -> n.is(nodeId)).findFirst();
  }

  /** The node holding lease {@code name} now, as the store says (empty while none does). */
  Optional<String> leaseHolder(String name) throws SQLException {
    try (Connection c = DriverManager.getConnection(store.jdbcUrl(), store.username(), store.password());
        PreparedStatement ps = c.prepareStatement(
            "SELECT holder FROM leases WHERE name = ? AND expires_at > CURRENT_TIMESTAMP")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** kill -9 of one node; it stays in the list, dead. */
  void kill(ChildSquall node) throws InterruptedException {
    node.kill();
  }

  @Override
  public void close() {
    for (ChildSquall n : nodes) {
      try {
        n.kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The last lines a node wrote to its log. */
  static String tail(Path home) {
    try {
      List<String> lines = Files.readAllLines(home.resolve("child.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** The default chat user may run the test packs' actions (as RunningSquall's homes allow). */
  private static void writeChatRole(Path home) throws IOException {
    Files.createDirectories(home.resolve("rbac/assignments"));
    Files.createDirectories(home.resolve("rbac/roles"));
    Files.writeString(home.resolve("rbac/roles/chat_runner.yaml"), """
        name: chat_runner
        permission_grants:
          - resource_uid: "pack:core"
            permission_types: ["action_execute"]
          - resource_uid: "pack:testpack"
            permission_types: ["action_execute"]
        """);
    Files.writeString(home.resolve("rbac/assignments/chatops.yaml"), "username: chatops\nroles: [chat_runner]\n");
  }
}
