package dev.squall.engine.execution;

import dev.squall.core.config.ConfigException;
import dev.squall.core.config.Config;
import java.time.Duration;

/**
 * How an {@link ExecutionService} shares its store with other nodes (settings
 * {@code cluster.heartbeat} and {@code cluster.node_timeout}).
 *
 * @param heartbeat how often the node refreshes its row in {@code nodes} and recovers what gone
 *     nodes left behind
 * @param nodeTimeout how old a node's last heartbeat may be before the others take it for gone
 * @param exclusiveStore only this process can open the store (embedded H2): any other node
 *     recorded in it is gone, so recovery at start does not wait for {@code nodeTimeout}
 */
public record ClusterSettings(Duration heartbeat, Duration nodeTimeout, boolean exclusiveStore) {

  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_NODE_TIMEOUT = Duration.ofSeconds(30);

  public ClusterSettings {
    if (heartbeat == null || heartbeat.isNegative() || heartbeat.isZero()) {
      throw new ConfigException("cluster.heartbeat", "must be positive, not " + (heartbeat == null ? "nothing" : heartbeat.toSeconds()));
    }
    if (nodeTimeout == null || nodeTimeout.compareTo(heartbeat) <= 0) {
      throw new ConfigException("cluster.node_timeout", "(" + nodeTimeout
          + ") must be longer than cluster.heartbeat (" + heartbeat
          + "), or live nodes would be taken for gone between two heartbeats");
    }
  }

  /** {@code cluster.heartbeat} and {@code cluster.node_timeout}, in seconds, from the configuration. */
  public static ClusterSettings from(Config config, boolean exclusiveStore) {
    return new ClusterSettings(
        Duration.ofSeconds(config.integer("cluster.heartbeat", (int) DEFAULT_HEARTBEAT.toSeconds())),
        Duration.ofSeconds(config.integer("cluster.node_timeout",
            (int) DEFAULT_NODE_TIMEOUT.toSeconds())),
        exclusiveStore);
  }

  public static ClusterSettings defaults(boolean exclusiveStore) {
    return new ClusterSettings(DEFAULT_HEARTBEAT, DEFAULT_NODE_TIMEOUT, exclusiveStore);
  }
}
