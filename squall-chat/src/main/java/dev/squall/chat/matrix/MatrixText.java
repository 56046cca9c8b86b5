package dev.squall.chat.matrix;

import dev.squall.chat.RetryAfter;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/** Text rules of Matrix messages: splitting, addressing prefixes, reply fallbacks, rate-limit waits. */
final class MatrixText {

  /**
   * The most UTF-8 bytes one body may take: an event may be 65,536 bytes in all, and a body of
   * {@link MatrixAdapter#MAX_BODY_LENGTH} characters of CJK text would be three times that.
   */
  static final int MAX_BODY_BYTES = 40_000;
  private static final Duration DEFAULT_WAIT = Duration.ofSeconds(1);

  private MatrixText() {}

  /** {@code squall} from {@code @squall:example.org}. */
  static String localpart(String userId) {
    int colon = userId.indexOf(':');
    String local = colon > 0 ? userId.substring(0, colon) : userId;
    return local.startsWith("@") ? local.substring(1) : local;
  }

  /**
   * The text after a leading {@code name:} addressed to the bot (its localpart, display name or
   * full user id; what Element inserts when a user mentions the bot first), or null when the text
   * does not start so.
   */
  static String afterAddress(String text, String userId, String displayName) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (String name : new String[] {userId, displayName, localpart(userId)}) {
      if (name == null || name.isBlank()) {
        continue;
      }
      String n = name.toLowerCase(Locale.ROOT);
      for (String candidate : new String[] {n, "@" + n}) {
        if (lower.startsWith(candidate + ":")) {
          return text.substring(candidate.length() + 1).strip();
        }
      }
    }
    return null;
  }

  /**
   * Removes a rich reply's fallback, the quoted lines ({@code > <@alice:x> …}) and the blank line
   * before the answer that older clients put at the start of a reply's body.
   */
  static String withoutReplyFallback(String body) {
    if (!body.startsWith("> ")) {
      return body;
    }
    String[] lines = body.split("\n", -1);
    int i = 0;
    while (i < lines.length && lines[i].startsWith(">")) {
      i++;
    }
    if (i < lines.length && lines[i].isEmpty()) {
      i++;
    }
    return String.join("\n", Arrays.asList(lines).subList(i, lines.length));
  }

  /**
   * How long a 429 asks to wait: the body's {@code retry_after_ms}, else a {@code Retry-After}
   * header, else one second.
   */
  static Duration retryAfter(long retryAfterMs, HttpHeaders headers) {
    if (retryAfterMs >= 0) {
      return Duration.ofMillis(retryAfterMs);
    }
    return RetryAfter.of(headers, Instant.now()).orElse(DEFAULT_WAIT);
  }

  /** Text as HTML for {@code formatted_body}: escaped, its line breaks kept. */
  static String html(String text) {
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\n' -> b.append("<br>");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
