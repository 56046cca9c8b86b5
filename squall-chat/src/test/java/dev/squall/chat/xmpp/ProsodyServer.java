package dev.squall.chat.xmpp;

import static org.assertj.core.api.Assertions.fail;

import dev.squall.chat.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway Prosody on 127.0.0.1 for tests, with the virtual host {@code localhost}, a MUC
 * service {@code conference.localhost}, plain-text c2s (no TLS) and accounts created with
 * {@link #register}. It can be stopped and started again on the same port; accounts survive, rooms
 * do not. The process is killed on {@link #close()} and, as a last resort, by a shutdown hook.
 *
 * <p>When Prosody is not installed the calling test is skipped, naming the Debian package; with
 * {@code SQUALL_REQUIRE_ALL=1} it fails instead.
 */
public final class ProsodyServer extends ServerProcess {

  public static final String DOMAIN = "localhost";
  public static final String MUC_DOMAIN = "conference.localhost";
  private static final List<Path> DIRS = List.of(Path.of("/usr/bin"), Path.of("/usr/local/bin"), Path.of("/usr/sbin"));

  private final Path prosody;
  private final Path prosodyctl;
  private final Path dir;
  private final boolean tls;

  private ProsodyServer(Path prosody, Path prosodyctl, Path dir, boolean tls, int port) {
    super("prosody", port, dir.resolve("prosody.out"));
    this.prosody = prosody;
    this.prosodyctl = prosodyctl;
    this.dir = dir;
    this.tls = tls;
  }

  /** Writes a config into {@code dir} and starts Prosody, or skips the test when it is missing. */
  public static ProsodyServer start(Path dir) throws IOException {
    return start(dir, false);
  }

  /**
   * With {@code tls}, the server has a fresh self-signed certificate and requires STARTTLS on
   * c2s; without, it offers no TLS at all.
   */
  public static ProsodyServer start(Path dir, boolean tls) throws IOException {
    Path prosody = requireBinary("prosody");
    ProsodyServer server = new ProsodyServer(prosody, requireBinary("prosodyctl"), dir, tls, freePort());
    server.launch();
    return server;
  }

  /** Creates the account {@code user@localhost}. */
  public void register(String user, String password) throws IOException {
    Process p = new ProcessBuilder(prosodyctl.toString(), "--config", config().toString(), "register", user, DOMAIN, password)
        .redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        fail("prosodyctl register " + user + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while registering " + user, e);
    }
  }

  @Override
  protected List<String> command() {
    return List.of(prosody.toString(), "-F", "--config", config().toString());
  }

  private Path config() {
    return dir.resolve("prosody.cfg.lua");
  }

  @Override
  protected void writeConfig() throws IOException {
    Files.createDirectories(dir.resolve("data"));
    Files.createDirectories(dir.resolve("certs"));
    String ssl = "";
    if (tls) {
      dev.squall.chat.irc.SelfSignedCertificate.writePem(dir, DOMAIN);
      ssl = "ssl = { certificate = \"%s\"; key = \"%s\"; }\n".formatted(dir.resolve("cert.pem"), dir.resolve("key.pem"));
    }
    // One c2s port; everything else (s2s, components, HTTP) off. PLAIN auth over an unencrypted
    // stream must be allowed explicitly for tests that run without TLS. Without a certificate
    // mod_tls offers nothing, so plain servers stay plain.
    Files.writeString(config(), """
        admins = { }
        modules_enabled = { "disco"; "roster"; "saslauth"; "tls"; "ping"; "posix"; }
        modules_disabled = { "s2s"; "offline"; }
        data_path = "%1$s/data"
        certificates = "%1$s/certs"
        pidfile = "%1$s/prosody.pid"
        run_as_root = true
        authentication = "internal_plain"
        allow_registration = false
        c2s_require_encryption = %6$s
        s2s_require_encryption = false
        allow_unencrypted_plain_auth = true
        c2s_ports = { %2$d }
        c2s_interfaces = { "%3$s" }
        c2s_direct_tls_ports = { }
        s2s_ports = { }
        component_ports = { }
        http_ports = { }
        https_ports = { }
        log = { debug = "%1$s/prosody.log" }
        VirtualHost "%4$s"
        Component "%5$s" "muc"
        """.formatted(dir.toAbsolutePath(), port(), HOST, DOMAIN, MUC_DOMAIN, tls).replace("VirtualHost", ssl + "VirtualHost"));
  }

  private static Path requireBinary(String name) {
    List<Path> candidates = DIRS.stream().map(d -> d.resolve(name)).toList();
    return requireBinary(candidates, name + " is not installed (looked in " + DIRS
        + "); install the Debian package 'prosody' to run the XMPP tests against a real server");
  }
}
