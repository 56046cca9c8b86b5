package dev.squall.chat.irc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Makes a throwaway self-signed certificate for test servers with the JDK's own {@code keytool}
 * (always present where the tests run), and writes it and its key as PEM files
 * ({@code cert.pem}, {@code key.pem}) that OpenSSL-based servers read. The PKCS12 keystore it
 * made them from stays beside them ({@code selfsigned.p12}, password {@code changeit}) for Java
 * servers; {@code cert.pem} is also what a Node client trusts through {@code NODE_EXTRA_CA_CERTS}.
 */
public final class SelfSignedCertificate {

  private SelfSignedCertificate() {}

  public static void writePem(Path dir, String commonName) throws IOException {
    Path keystore = dir.resolve("selfsigned.p12");
    Files.deleteIfExists(keystore);
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "RSA",
        "-keysize", "2048", "-dname", "CN=" + commonName, "-ext", "SAN=dns:localhost,ip:127.0.0.1",
        "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit")
        .redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("keytool failed: " + out);
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        ks.load(in, "changeit".toCharArray());
      }
      PrivateKey key = (PrivateKey) ks.getKey("server", "changeit".toCharArray());
      Certificate cert = ks.getCertificate("server");
      Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", key.getEncoded()));
      Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", cert.getEncoded()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while making a certificate", e);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the keystore keytool made: " + e.getMessage(), e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
