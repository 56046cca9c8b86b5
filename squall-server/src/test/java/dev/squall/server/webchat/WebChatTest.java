package dev.squall.server.webchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.server.RunningSquall;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The browser chat over a real WebSocket. */
class WebChatTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ACK = Pattern.compile("Your execution ID is ([0-9a-f]{24})");

  @TempDir static Path home;
  private static RunningSquall server;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = RunningSquall.startIn(home, Map.of("SQUALL_CHAT_CONSOLE_ENABLED", "false",
        "SQUALL_WEBUI_BASE_URL", "https://squall.example/"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A browser tab: its WebSocket, the texts it received and how the server closed it. */
  record Tab(WebSocket ws, List<JsonNode> received, CompletableFuture<String> closed) {
    void say(String text) throws Exception {
      ws.sendText(JSON.writeValueAsString(Map.of("text", text)), true).join();
    }

    List<JsonNode> awaitCount(int n) {
      return await().atMost(Duration.ofSeconds(30)).until(() -> List.copyOf(received), r -> r.size() >= n);
    }
  }

  private static Tab open(String query) {
    List<JsonNode> received = new CopyOnWriteArrayList<>();
    CompletableFuture<String> closed = new CompletableFuture<>();
    WebSocket ws = HTTP.newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + server.squall().port() + "/chat/ws?" + query),
            new WebSocket.Listener() {
              private final StringBuilder partial = new StringBuilder();

              @Override
              public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                  try {
                    received.add(JSON.readTree(partial.toString()));
                  } catch (Exception e) {
                    throw new AssertionError(e);
                  }
                  partial.setLength(0);
                }
                w.request(1);
                return null;
              }

              @Override
              public CompletionStage<?> onClose(WebSocket w, int statusCode, String reason) {
                closed.complete(statusCode + " " + reason);
                return null;
              }
            })
        .join();
    return new Tab(ws, received, closed);
  }

  @Test
  void helpAndAnAliasCommandAnswerOnlyTheirOwnConnection() throws Exception {
    Tab mine = open("x-auth-token=" + server.adminToken());
    Tab other = open("x-auth-token=" + server.adminToken());
    try {
      mine.say("!help");
      assertThat(mine.awaitCount(1).get(0).path("text").asText()).contains("!shout {{word}} - Shout a word back.");

      mine.say("shout web");
      List<JsonNode> got = mine.awaitCount(3);
      Matcher ack = ACK.matcher(got.get(1).path("text").asText());
      assertThat(ack.find()).as("ack: %s", got.get(1)).isTrue();
      assertThat(got.get(1).path("text").asText()).endsWith(
          " (details available at https://squall.example/#/history/" + ack.group(1) + "/general)");
      String result = got.get(2).path("text").asText();
      assertThat(result).startsWith("Action testpack.shout completed.").contains("stdout : WEB", ack.group(1),
          "web_url: https://squall.example/#/history/" + ack.group(1) + "/general");
      assertThat(got.get(2).has("thread")).isTrue();

      JsonNode execution = server.get("/api/v1/executions/" + ack.group(1)).json();
      assertThat(execution.at("/context/user").asText()).isEqualTo("admin");
      assertThat(execution.at("/context/notify/on_complete/data/source_context/adapter").asText()).isEqualTo("web");

      other.say("!whoami");
      assertThat(other.awaitCount(1).get(0).path("text").asText()).startsWith("You are admin (web:admin)");
      assertThat(other.received()).hasSize(1);
      assertThat(mine.received()).hasSize(3);
    } finally {
      mine.ws().abort();
      other.ws().abort();
    }
  }

  @Test
  void anApiKeyAuthenticatesToo() throws Exception {
    String key = server.post("/api/v1/apikeys", Map.of()).json().path("key").asText();
    Tab tab = open("st2-api-key=" + key);
    try {
      tab.say("whoami");
      assertThat(tab.awaitCount(1).get(0).path("text").asText()).startsWith("You are admin (web:admin)");
    } finally {
      tab.ws().abort();
    }
  }

  @Test
  void aDeletedApiKeyEndsItsChatSessionWithoutRunningTheCommand() throws Exception {
    JsonNode created = server.post("/api/v1/apikeys", Map.of()).json();
    Tab tab = open("st2-api-key=" + created.path("key").asText());
    try {
      tab.say("whoami");
      assertThat(tab.awaitCount(1).get(0).path("text").asText()).startsWith("You are admin (web:admin)");
      assertThat(server.call("DELETE", "/api/v1/apikeys/" + created.path("id").asText(), null).status())
          .isEqualTo(204);

      tab.say("shout revokedkey");
      assertThat(tab.closed().get(30, TimeUnit.SECONDS))
          .isEqualTo("4401 API key revoked or disabled; reconnect with a valid key");
      assertThat(tab.received()).hasSize(1);
      assertThat(server.get("/api/v1/executions?action=testpack.shout").body()).doesNotContain("revokedkey");
    } finally {
      tab.ws().abort();
    }
  }

  @Test
  void anExpiredTokenEndsItsChatSessionWithoutRunningTheCommand() throws Exception {
    String basic = Base64.getEncoder().encodeToString(
        ("admin:" + RunningSquall.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(server.url().resolve("/auth/v1/tokens"))
        .header("Authorization", "Basic " + basic).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"ttl\": 5}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(201);
    String token = JSON.readTree(login.body()).path("token").asText();
    Tab tab = open("x-auth-token=" + token);
    try {
      // The token's five seconds run out; the API refuses it first.
      await().atMost(Duration.ofSeconds(30)).until(
          () -> server.callWith("X-Auth-Token", token, "GET", "/api/v1/actions", null).status() == 401);

      tab.say("shout expiredtoken");
      assertThat(tab.closed().get(30, TimeUnit.SECONDS)).isEqualTo("4401 token expired or revoked; log in again");
      assertThat(tab.received()).isEmpty();
      assertThat(server.get("/api/v1/executions?action=testpack.shout").body()).doesNotContain("expiredtoken");
    } finally {
      tab.ws().abort();
    }
  }

  @Test
  void aFrameThatIsNotJsonTextGetsAHint() throws Exception {
    Tab tab = open("x-auth-token=" + server.adminToken());
    try {
      tab.ws().sendText("!help", true).join();
      assertThat(tab.awaitCount(1).get(0).path("text").asText()).isEqualTo("Send JSON like {\"text\": \"!help\"}.");
    } finally {
      tab.ws().abort();
    }
  }

  @Test
  void connectionsWithoutValidCredentialsAreRefused() {
    assertThatThrownBy(() -> open("x-auth-token=not-a-token"))
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOf(WebSocketHandshakeException.class)
        .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
    assertThatThrownBy(() -> open(""))
        .cause().isInstanceOf(WebSocketHandshakeException.class);
  }

  @Test
  void theChatPageIsServedWithoutCredentialsAndOpensTheWebUisChat() throws Exception {
    HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(server.url().resolve("/chat")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.body()).contains("#/chat");
  }
}
