package dev.squall.server.webui;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One browser tab, driven as a person would: type into the field with a label, press the button
 * with a text, wait until the page shows something (never a fixed sleep). Remembers every URL
 * the page requested and every script error, for the assertions and for failure messages.
 */
final class BrowserPage implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  /** Finds a control by its label's text, a button or link by its text. */
  private static final String HELPERS = """
      const byLabel = t => { const l = [...document.querySelectorAll('label')].find(l => l.textContent.trim() === t);
        if (!l || !l.control) throw new Error('no field labelled ' + t); return l.control; };
      const byText = (sel, t) => { const b = [...document.querySelectorAll(sel)].find(b => !b.closest('[hidden]') && b.textContent.trim() === t);
        if (!b) throw new Error('nothing ' + sel + ' reads ' + t); return b; };
      """;

  private final Cdp cdp;
  private final String target;
  private final String session;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();

  BrowserPage(Cdp cdp, String target, String session) {
    this.cdp = cdp;
    this.target = target;
    this.session = session;
    cdp.listen(this::event);
    cdp.send(session, "Page.enable", Map.of());
    cdp.send(session, "Runtime.enable", Map.of());
    cdp.send(session, "Network.enable", Map.of());
  }

  private void event(JsonNode e) {
    if (!session.equals(e.path("sessionId").asText())) {
      return;
    }
    JsonNode p = e.path("params");
    switch (e.path("method").asText()) {
      case "Network.requestWillBeSent" -> requests.add(p.path("request").path("url").asText());
      case "Network.webSocketCreated" -> requests.add(p.path("url").asText());
      case "Runtime.exceptionThrown" -> errors.add(p.path("exceptionDetails").toString());
      case "Runtime.consoleAPICalled" -> {
        if (p.path("type").asText().equals("error")) {
          errors.add(p.path("args").toString());
        }
      }
      default -> { }
    }
  }

  String targetId() {
    return target;
  }

  void go(URI url) {
    cdp.send(session, "Page.navigate", Map.of("url", url.toString()));
    waitFor("document.readyState === 'complete' && location.href !== 'about:blank'", "the page loaded");
  }

  /** The value of a JavaScript expression (awaited when it is a promise). */
  JsonNode eval(String expression) {
    JsonNode r = cdp.send(session, "Runtime.evaluate", Map.of("expression", "(() => {" + HELPERS
        + "return (" + expression + ");})()", "returnByValue", true, "awaitPromise", true));
    if (r.has("exceptionDetails")) {
      throw new AssertionError(expression + " threw " + r.get("exceptionDetails").path("exception")
          .path("description").asText(r.get("exceptionDetails").toString()));
    }
    return r.path("result").path("value");
  }

  String text(String selector) {
    return eval("(document.querySelector(" + quote(selector) + ") || {}).textContent || ''").asText();
  }

  /** Waits until {@code condition} (JavaScript) is true, up to 20 s. */
  void waitFor(String condition, String what) {
    try {
      await(what).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(25))
          .ignoreExceptionsInstanceOf(AssertionError.class)
          .until(() -> eval("!!(" + condition + ")").asBoolean());
    } catch (RuntimeException e) {
      screenshot("failed-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
      throw new AssertionError("page never showed " + what + "; it reads: "
          + eval("document.body ? document.body.innerText : ''").asText() + "\nscript errors: " + errors, e);
    }
  }

  /** Types {@code text} into the field labelled {@code label}, replacing what it held. */
  void type(String label, String text) {
    eval("(() => { const f = byLabel(" + quote(label) + "); f.focus(); f.select && f.select(); return true; })()");
    cdp.send(session, "Input.insertText", Map.of("text", text));
  }

  /** Presses the button (or a link styled as one) whose text is {@code text}. */
  void press(String text) {
    eval("(() => { byText('button, a[role=button]', " + quote(text) + ").click(); return true; })()");
  }

  /** Saves the page as {@code target/screenshots/<name>.png}. */
  Path screenshot(String name) {
    String png = cdp.send(session, "Page.captureScreenshot", Map.of("format", "png")).get("data").asText();
    try {
      Files.createDirectories(SCREENSHOTS);
      return Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode(png));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every URL this page requested (documents, scripts, XHR, streams, WebSockets). */
  List<String> requests() {
    return List.copyOf(requests);
  }

  List<String> scriptErrors() {
    return List.copyOf(errors);
  }

  static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    cdp.send(null, "Target.closeTarget", Map.of("targetId", target));
  }
}
