package dev.squall.server;

import dev.squall.core.config.Config;
import dev.squall.engine.auth.PasswordHasher;
import java.time.Duration;

/**
 * The settings the composition root reads itself, each with its default in one place (the other
 * parts read theirs through their own settings records: {@code ClusterSettings},
 * {@code RetentionSettings}, {@code BotSettings}, {@code NotifierSettings}…).
 *
 * @param host {@code server.host}: the address the API listens on (loopback unless told otherwise)
 * @param port {@code server.port}
 * @param authEnabled {@code auth.enabled}: whether the API, stream and web chat ask for credentials
 * @param kdfIterations {@code auth.kdf_iterations}: PBKDF2 rounds for new password hashes
 * @param tokenTtl {@code auth.token_ttl} (seconds): how long an issued token lasts
 * @param concurrency {@code executions.concurrency}: executions running at once on this node
 * @param streamHeartbeat {@code stream.heartbeat} (seconds): SSE heartbeats and credential checks
 * @param webBaseUrl {@code webui.base_url}: where execution links in chat point, or null
 * @param webChat {@code chat.web.enabled}: the browser chat on {@code /chat}
 * @param console {@code chat.console.enabled}: chat on the terminal (default: when there is one)
 */
record ServerSettings(String host, int port, boolean authEnabled, int kdfIterations,
    Duration tokenTtl, int concurrency, Duration streamHeartbeat, String webBaseUrl,
    boolean webChat, boolean console) {

  /** The top-level sections of {@code squall.yaml}; any other is reported as a likely typo. */
  static final java.util.Set<String> SECTIONS = java.util.Set.of("admin", "auth", "chat", "cluster",
      "audit", "database", "executions", "metrics", "notify", "packs", "python", "rbac", "retention",
      "server", "ssh",
      "stream", "webui");

  static final String DEFAULT_HOST = "127.0.0.1";
  static final int DEFAULT_PORT = 9101;
  static final Duration DEFAULT_TOKEN_TTL = Duration.ofDays(1);
  static final int DEFAULT_CONCURRENCY = 64;
  static final Duration DEFAULT_STREAM_HEARTBEAT = Duration.ofSeconds(25);

  static ServerSettings from(Config config) {
    return new ServerSettings(
        config.string("server.host", DEFAULT_HOST),
        config.integer("server.port", DEFAULT_PORT),
        config.bool("auth.enabled", true),
        config.integer("auth.kdf_iterations", PasswordHasher.DEFAULT_ITERATIONS),
        Duration.ofSeconds(config.integer("auth.token_ttl", (int) DEFAULT_TOKEN_TTL.toSeconds())),
        config.integer("executions.concurrency", DEFAULT_CONCURRENCY),
        Duration.ofSeconds(config.integer("stream.heartbeat",
            (int) DEFAULT_STREAM_HEARTBEAT.toSeconds())),
        config.string("webui.base_url", null),
        config.bool("chat.web.enabled", true),
        config.bool("chat.console.enabled", System.console() != null));
  }
}
