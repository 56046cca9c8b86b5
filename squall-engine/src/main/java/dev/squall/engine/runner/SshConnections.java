package dev.squall.engine.runner;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * The SSH client of the remote runners (Apache MINA sshd): authenticated sessions, pooled per
 * host and credentials for {@link SshSettings#idleTimeout()}, so that a burst of commands to the
 * same hosts pays for one handshake. Host keys are checked against {@link SshSettings#knownHosts()}.
 * A session carries any number of channels at once, so one pooled session serves concurrent
 * executions.
 */
public final class SshConnections implements AutoCloseable {

  /** Who logs in, and how. Null fields are absent. */
  record Login(String user, String password, String privateKey, String passphrase) {}

  /** Thrown when a host's key is unknown or changed: the message names its fingerprint. */
  static final class HostKeyRefused extends IOException {
    HostKeyRefused(String message) {
      super(message);
    }
  }

  /** A pooled session in use; {@link #close()} gives it back. */
  final class Lease implements AutoCloseable {
    private final Pooled pooled;
    private final ClientSession session;

    private Lease(Pooled pooled, ClientSession session) {
      this.pooled = pooled;
      this.session = session;
    }

    ClientSession session() {
      return session;
    }

    /** The session is broken: close it rather than pool it. */
    void discard() {
      pooled.discard(session);
    }

    @Override
    public void close() {
      pooled.release(session, idleTimeout());
    }
  }

  private static final AttributeKey<String> REFUSAL = new AttributeKey<>();

  private record Key(String user, String host, int port, String credentials) {}

  private final SshSettings settings;
  private final SshClient client;
  private final Map<Key, Pooled> pool = new ConcurrentHashMap<>();
  private final ScheduledExecutorService reaper;

  public SshConnections(SshSettings settings) {
    this.settings = settings;
    this.client = SshClient.setUpDefaultClient();
    // Only what Squall's settings and the action say: not the server user's ~/.ssh/config or keys.
    client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
    client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
    KnownHostsServerKeyVerifier verifier =
        new KnownHostsServerKeyVerifier(this::trustOnFirstUse, settings.knownHosts());
    verifier.setModifiedServerKeyAcceptor(this::refuseChangedKey);
    client.setServerKeyVerifier(verifier);
    client.start();
    reaper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ssh-pool-reaper");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(200, settings.idleTimeout().toMillis() / 2);
    reaper.scheduleWithFixedDelay(this::closeIdle, every, every, TimeUnit.MILLISECONDS);
  }

  public SshSettings settings() {
    return settings;
  }

  Duration idleTimeout() {
    return settings.idleTimeout();
  }

  /** How many sessions are open now (pooled or in use). */
  int openSessions() {
    return pool.values().stream().mapToInt(Pooled::open).sum();
  }

  /**
   * An authenticated session to {@code target}, reused from the pool when one is open.
   *
   * @param timeout how long connecting and authenticating may take
   */
  Lease open(SshTarget target, Login login, Duration timeout) throws IOException {
    Login effective = new Login(login.user() == null ? settings.user() : login.user(),
        login.password(), login.privateKey(), login.passphrase());
    Key key = new Key(effective.user(), target.host(), target.port(), digest(effective));
    Pooled pooled = pool.computeIfAbsent(key, k -> new Pooled());
    return new Lease(pooled, pooled.acquire(() -> connect(target, effective, timeout)));
  }

  private ClientSession connect(SshTarget target, Login login, Duration timeout) throws IOException {
    ConnectFuture connecting = client.connect(login.user(), target.host(), target.port());
    ClientSession session = connecting.verify(timeout).getSession();
    try {
      if (login.password() != null) {
        session.addPasswordIdentity(login.password());
      }
      for (KeyPair pair : keys(login)) {
        session.addPublicKeyIdentity(pair);
      }
      session.auth().verify(timeout);
      return session;
    } catch (IOException | RuntimeException e) {
      String refusal = session.getAttribute(REFUSAL);
      session.close(true);
      if (refusal != null) {
        throw new HostKeyRefused(refusal);
      }
      throw e;
    }
  }

  /** The action's {@code private_key} (its text, or a path to it), else {@code ssh.key_file}. */
  private Iterable<KeyPair> keys(Login login) throws IOException {
    String material = login.privateKey();
    String source = "private_key";
    if (material == null && login.password() == null && settings.keyFile() != null) {
      material = settings.keyFile().toString();
      source = "ssh.key_file";
    }
    if (material == null || material.isBlank()) {
      return List.of();
    }
    byte[] text;
    if (material.contains("-----BEGIN")) {
      text = material.getBytes(StandardCharsets.UTF_8);
    } else {
      Path file = Path.of(material.strip());
      if (!Files.isReadable(file)) {
        throw new IOException(source + ": cannot read private key file " + file);
      }
      text = Files.readAllBytes(file);
    }
    try (InputStream in = new ByteArrayInputStream(text)) {
      Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null,
          NamedResource.ofName(source), in, login.passphrase() == null ? FilePasswordProvider.EMPTY
              : FilePasswordProvider.of(login.passphrase()));
      if (pairs == null) {
        throw new IOException(source + ": not a private key Squall can read");
      }
      return pairs;
    } catch (GeneralSecurityException e) {
      throw new IOException(source + ": cannot load the private key: " + e.getMessage(), e);
    }
  }

  /** Called for a host {@code known_hosts} does not know; true adds it there. */
  private boolean trustOnFirstUse(ClientSession session, SocketAddress remote, PublicKey key) {
    SshdSocketAddress address = SshdSocketAddress.toSshdSocketAddress(session.getConnectAddress());
    String host = address.getHostName();
    int port = address.getPort();
    if (settings.trustOnFirstUse().contains(host)
        || settings.trustOnFirstUse().contains(host + ":" + port)
        || settings.trustOnFirstUse().contains("[" + host + "]:" + port)) {
      return true;
    }
    session.setAttribute(REFUSAL, "Host key of " + host + ":" + port + " is unknown: "
        + KeyUtils.getKeyType(key) + " " + KeyUtils.getFingerPrint(key) + " is not in "
        + settings.knownHosts() + " (add it there after checking the fingerprint, or list the"
        + " host in ssh.trust_on_first_use)");
    return false;
  }

  private boolean refuseChangedKey(ClientSession session, SocketAddress remote,
      KnownHostEntry entry, PublicKey expected, PublicKey actual) {
    SshdSocketAddress address = SshdSocketAddress.toSshdSocketAddress(session.getConnectAddress());
    session.setAttribute(REFUSAL, "Host key of " + address.getHostName() + ":" + address.getPort()
        + " has CHANGED: it offers " + KeyUtils.getKeyType(actual) + " "
        + KeyUtils.getFingerPrint(actual) + " where " + settings.knownHosts() + " has "
        + KeyUtils.getFingerPrint(expected) + " (someone may be intercepting the connection)");
    return false;
  }

  private void closeIdle() {
    long now = System.nanoTime();
    pool.values().forEach(p -> p.closeIfIdle(now, settings.idleTimeout()));
  }

  @Override
  public void close() {
    reaper.shutdownNow();
    pool.values().forEach(Pooled::closeNow);
    pool.clear();
    client.stop();
  }

  /** The credentials as a digest: a pool key that keeps no secret in clear. */
  private static String digest(Login login) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : new String[] {login.password(), login.privateKey(), login.passphrase()}) {
        sha.update((part == null ? "\0null" : part).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @FunctionalInterface
  private interface Connector {
    ClientSession connect() throws IOException;
  }

  /**
   * The sessions to one host with one login. A session carries at most {@link #USERS} executions
   * at once: each may hold two channels (its command and a kill), and OpenSSH allows 10
   * ({@code MaxSessions}); a busier host gets another session.
   */
  private static final class Pooled {
    static final int USERS = 4;

    private static final class Slot {
      final ClientSession session;
      int users;
      long idleSince = System.nanoTime();

      Slot(ClientSession session) {
        this.session = session;
      }

      boolean usable() {
        return session.isOpen() && session.isAuthenticated();
      }
    }

    private final List<Slot> slots = new ArrayList<>();

    // Connecting under the lock: a burst to one host waits for one handshake, not one each.
    synchronized ClientSession acquire(Connector connector) throws IOException {
      slots.removeIf(slot -> {
        boolean dead = !slot.usable() && slot.users == 0;
        if (dead) {
          slot.session.close(true);
        }
        return dead;
      });
      for (Slot slot : slots) {
        if (slot.usable() && slot.users < USERS) {
          slot.users++;
          return slot.session;
        }
      }
      Slot fresh = new Slot(connector.connect());
      fresh.users++;
      slots.add(fresh);
      return fresh.session;
    }

    synchronized void release(ClientSession session, Duration idleTimeout) {
      for (Slot slot : slots) {
        if (slot.session == session) {
          slot.users--;
          slot.idleSince = System.nanoTime();
          if (slot.users == 0 && (idleTimeout.isZero() || !slot.usable())) {
            slot.session.close(true);
            slots.remove(slot);
          }
          return;
        }
      }
    }

    /** The session is broken: no one else gets it. */
    synchronized void discard(ClientSession session) {
      session.close(true);
    }

    synchronized int open() {
      return (int) slots.stream().filter(slot -> slot.session.isOpen()).count();
    }

    synchronized void closeIfIdle(long now, Duration idleTimeout) {
      slots.removeIf(slot -> {
        boolean idle = slot.users == 0 && now - slot.idleSince >= idleTimeout.toNanos();
        if (idle) {
          slot.session.close(true);
        }
        return idle;
      });
    }

    synchronized void closeNow() {
      slots.forEach(slot -> slot.session.close(true));
      slots.clear();
    }
  }
}
