package dev.squall.engine.runner;

import static dev.squall.engine.runner.TestActions.action;
import static dev.squall.engine.runner.TestActions.context;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.squall.engine.execution.model.ExecutionStatus;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify_ssl_cert} against a real HTTPS server with a self-signed certificate. */
class HttpRequestRunnerTlsTest {

  @TempDir static Path dir;
  private static HttpsServer server;
  private static String url;
  private final HttpRequestRunner runner = new HttpRequestRunner();

  @BeforeAll
  static void start() throws Exception {
    Path store = dir.resolve("server.p12");
    char[] password = "changeit".toCharArray();
    // a certificate for another name, self-signed: fails both trust and host name checks
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server",
        "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=not-this-host.example",
        "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();

    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, password);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, password);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);

    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/", ex -> {
      byte[] body = "secure".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    url = "https://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  @Test
  void rejectsAnUntrustedCertificateByDefault() {
    RunnerResult r = runner.run(context(action("http-request", "", null), Map.of("url", url),
        OutputSink.DISCARD));

    assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat((String) r.result().get("error")).contains("SSL");
  }

  @Test
  void skipsVerificationWhenAskedTo() {
    RunnerResult r = runner.run(context(action("http-request", "", null),
        Map.of("url", url, "verify_ssl_cert", false), OutputSink.DISCARD));

    assertThat(r.status()).as("%s", r.result()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(r.result()).containsEntry("body", "secure");
  }
}
