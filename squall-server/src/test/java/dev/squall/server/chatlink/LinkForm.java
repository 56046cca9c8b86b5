package dev.squall.server.chatlink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser on the link page: opens the URL the bot sent and submits the login form, over real HTTP. */
public final class LinkForm {

  private static final Pattern URL = Pattern.compile("https?://\\S+/link/[0-9a-f]+");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private LinkForm() {}

  /** The one-time link URL in a message of the bot. */
  public static URI urlIn(String text) {
    Matcher m = URL.matcher(text);
    if (!m.find()) {
      throw new AssertionError("no link URL in: " + text);
    }
    return URI.create(m.group());
  }

  public static HttpResponse<String> open(URI page) {
    return send(HttpRequest.newBuilder(page).GET());
  }

  /** Submits the page's form as a browser does (application/x-www-form-urlencoded). */
  public static HttpResponse<String> logIn(URI page, String user, String password) {
    String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
        + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
    return send(HttpRequest.newBuilder(page).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) {
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
