package dev.squall.engine.runner;

import dev.squall.core.config.ConfigException;
import dev.squall.core.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the remote runners connect (settings {@code ssh.*}).
 *
 * @param user login name when an action gives no {@code username}
 * @param keyFile private key used when an action gives neither {@code private_key} nor
 *     {@code password}; null for none
 * @param knownHosts the OpenSSH {@code known_hosts} file host keys are checked against
 * @param connectTimeout how long connecting and authenticating to one host may take
 * @param maxParallel how many hosts of one execution are worked on at once
 * @param trustOnFirstUse hosts whose key is accepted (and added to {@code knownHosts}) the first
 *     time, when {@code knownHosts} does not know them yet
 * @param idleTimeout how long an unused connection stays open for the next command to the host
 */
public record SshSettings(String user, Path keyFile, Path knownHosts, Duration connectTimeout,
    int maxParallel, Set<String> trustOnFirstUse, Duration idleTimeout) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_PARALLEL = 50;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  public SshSettings {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(knownHosts, "knownHosts");
    if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new ConfigException("ssh.connect_timeout", "must be positive, not " + connectTimeout);
    }
    if (maxParallel <= 0) {
      throw new ConfigException("ssh.max_parallel", "must be positive, not " + maxParallel);
    }
    if (idleTimeout == null || idleTimeout.isNegative()) {
      throw new ConfigException("ssh.idle_timeout", "must not be negative, not " + idleTimeout);
    }
    trustOnFirstUse = Set.copyOf(trustOnFirstUse == null ? Set.of() : trustOnFirstUse);
  }

  /** The server user, {@code ~/.ssh}'s first default key and {@code known_hosts}, 10 s, 50, 30 s. */
  public static SshSettings defaults() {
    Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
    return new SshSettings(System.getProperty("user.name"), defaultKey(ssh),
        ssh.resolve("known_hosts"), DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_PARALLEL, Set.of(),
        DEFAULT_IDLE_TIMEOUT);
  }

  /**
   * {@code ssh.user}, {@code ssh.key_file}, {@code ssh.known_hosts}, {@code ssh.connect_timeout}
   * and {@code ssh.idle_timeout} (seconds), {@code ssh.max_parallel}, {@code ssh.trust_on_first_use}
   * (a list, or a comma-separated string as environment variables give it).
   */
  public static SshSettings from(Config config) {
    SshSettings d = defaults();
    String key = config.string("ssh.key_file", null);
    return new SshSettings(
        config.string("ssh.user", d.user()),
        key == null || key.isBlank() ? d.keyFile() : Path.of(key),
        Path.of(config.string("ssh.known_hosts", d.knownHosts().toString())),
        Duration.ofSeconds(config.integer("ssh.connect_timeout",
            (int) DEFAULT_CONNECT_TIMEOUT.toSeconds())),
        config.integer("ssh.max_parallel", DEFAULT_MAX_PARALLEL),
        hosts(config.get("ssh.trust_on_first_use").orElse(null)),
        Duration.ofSeconds(config.integer("ssh.idle_timeout",
            (int) DEFAULT_IDLE_TIMEOUT.toSeconds())));
  }

  public SshSettings withKnownHosts(Path file, Set<String> trusted) {
    return new SshSettings(user, keyFile, file, connectTimeout, maxParallel, trusted, idleTimeout);
  }

  public SshSettings withKeyFile(Path file) {
    return new SshSettings(user, file, knownHosts, connectTimeout, maxParallel, trustOnFirstUse,
        idleTimeout);
  }

  private static Set<String> hosts(Object value) {
    Set<String> out = new LinkedHashSet<>();
    Collection<?> items = value instanceof Collection<?> c ? c
        : value == null ? List.of() : List.of(value.toString().split(","));
    for (Object item : items) {
      String host = String.valueOf(item).strip();
      if (!host.isEmpty()) {
        out.add(host);
      }
    }
    return out;
  }

  private static Path defaultKey(Path sshDir) {
    for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
      Path key = sshDir.resolve(name);
      if (Files.isReadable(key)) {
        return key;
      }
    }
    return null;
  }
}
