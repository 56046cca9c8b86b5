package dev.squall.server.webui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.chat.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's headless Chromium, driven over the DevTools protocol on loopback: one browser for a
 * test class, a fresh {@link BrowserPage} (its own tab) per test. Skipped without the
 * {@code chromium} package, failed instead under {@code SQUALL_REQUIRE_ALL=1}.
 */
final class Chromium extends ServerProcess {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path binary;
  private final Path profile;
  private Cdp cdp;

  private Chromium(Path binary, int port, Path profile) {
    super("chromium", port, profile.resolve("chromium.log"));
    this.binary = binary;
    this.profile = profile;
  }

  static Chromium start(Path dir) throws IOException {
    Path binary = requireBinary(List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser")),
        "chromium is not installed (Debian package chromium)");
    Chromium c = new Chromium(binary, freePort(), Files.createDirectories(dir.resolve("chromium-profile")));
    c.launch();
    c.connect();
    return c;
  }

  @Override
  protected List<String> command() {
    return List.of(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--remote-debugging-address=" + HOST, "--remote-debugging-port=" + port(),
        "--user-data-dir=" + profile, "--window-size=1280,900", "about:blank");
  }

  @Override
  protected void writeConfig() {
    // Chromium needs none: the profile folder is fresh.
  }

  private void connect() throws IOException {
    try {
      HttpResponse<String> version = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://" + HOST + ":" + port() + "/json/version")).build(), HttpResponse.BodyHandlers.ofString());
      cdp = new Cdp(URI.create(JSON.readTree(version.body()).get("webSocketDebuggerUrl").asText()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** A new tab (its own browser context: its own sessionStorage and cookies) at {@code url}. */
  BrowserPage open(URI url) {
    String context = cdp.send(null, "Target.createBrowserContext", Map.of()).get("browserContextId").asText();
    String target = cdp.send(null, "Target.createTarget", Map.of("url", "about:blank", "browserContextId", context))
        .get("targetId").asText();
    return open(target, url);
  }

  /** Another tab in the same browser context as {@code page} (it shares nothing but cookies). */
  BrowserPage openBeside(BrowserPage page, URI url) {
    JsonNode info = cdp.send(null, "Target.getTargetInfo", Map.of("targetId", page.targetId())).get("targetInfo");
    String target = cdp.send(null, "Target.createTarget", Map.of("url", "about:blank",
        "browserContextId", info.get("browserContextId").asText())).get("targetId").asText();
    return open(target, url);
  }

  private BrowserPage open(String target, URI url) {
    String session = cdp.send(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
        .get("sessionId").asText();
    BrowserPage p = new BrowserPage(cdp, target, session);
    p.go(url);
    return p;
  }

  @Override
  public void close() {
    if (cdp != null) {
      cdp.close();
    }
    super.close();
  }
}
