package dev.squall.chat.irc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One parsed IRC protocol line (RFC 1459/2812), tolerating an IRCv3 {@code @tags} section.
 *
 * @param tags IRCv3 message tags, unescaped; empty when the line has none
 * @param prefix the source without the leading colon ({@code nick!user@host} or a server name), or
 *     null
 * @param command the command or three-digit numeric, upper-cased
 * @param params the parameters, the trailing one (after {@code " :"}) included as the last
 */
record IrcLine(Map<String, String> tags, String prefix, String command, List<String> params) {

  static IrcLine parse(String raw) {
    String rest = raw;
    Map<String, String> tags = Map.of();
    if (rest.startsWith("@")) {
      int sp = rest.indexOf(' ');
      tags = parseTags(sp < 0 ? rest.substring(1) : rest.substring(1, sp));
      rest = sp < 0 ? "" : rest.substring(sp + 1).stripLeading();
    }
    String prefix = null;
    if (rest.startsWith(":")) {
      int sp = rest.indexOf(' ');
      prefix = sp < 0 ? rest.substring(1) : rest.substring(1, sp);
      rest = sp < 0 ? "" : rest.substring(sp + 1).stripLeading();
    }
    List<String> params = new ArrayList<>();
    String command = "";
    while (!rest.isEmpty()) {
      if (rest.startsWith(":") && !command.isEmpty()) {
        params.add(rest.substring(1));
        break;
      }
      int sp = rest.indexOf(' ');
      String word = sp < 0 ? rest : rest.substring(0, sp);
      if (command.isEmpty()) {
        command = word.toUpperCase(java.util.Locale.ROOT);
      } else {
        params.add(word);
      }
      rest = sp < 0 ? "" : rest.substring(sp + 1).stripLeading();
    }
    return new IrcLine(Map.copyOf(tags), prefix, command, List.copyOf(params));
  }

  /** The nick part of the prefix, or the whole prefix when it is a server name. */
  String nick() {
    if (prefix == null) {
      return "";
    }
    int bang = prefix.indexOf('!');
    int at = prefix.indexOf('@');
    int end = bang >= 0 ? bang : at >= 0 ? at : prefix.length();
    return prefix.substring(0, end);
  }

  /** The {@code host} part of {@code nick!user@host}, or null. */
  String host() {
    int at = prefix == null ? -1 : prefix.indexOf('@');
    return at < 0 ? null : prefix.substring(at + 1);
  }

  /** The {@code user} part of {@code nick!user@host}, or null. */
  String user() {
    int bang = prefix == null ? -1 : prefix.indexOf('!');
    int at = prefix == null ? -1 : prefix.indexOf('@');
    return bang < 0 || at < bang ? null : prefix.substring(bang + 1, at);
  }

  String param(int i) {
    return i < params.size() ? params.get(i) : "";
  }

  String last() {
    return params.isEmpty() ? "" : params.get(params.size() - 1);
  }

  private static Map<String, String> parseTags(String raw) {
    Map<String, String> tags = new HashMap<>();
    for (String tag : raw.split(";")) {
      if (tag.isEmpty()) {
        continue;
      }
      int eq = tag.indexOf('=');
      tags.put(eq < 0 ? tag : tag.substring(0, eq), eq < 0 ? "" : unescape(tag.substring(eq + 1)));
    }
    return tags;
  }

  /** IRCv3 tag value escaping: {@code \:} is ';', {@code \s} space, {@code \\}, {@code \r}, {@code \n}. */
  private static String unescape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\\' || i + 1 == value.length()) {
        if (c != '\\') {
          out.append(c);
        }
        continue;
      }
      char next = value.charAt(++i);
      out.append(switch (next) {
        case ':' -> ';';
        case 's' -> ' ';
        case 'r' -> '\r';
        case 'n' -> '\n';
        default -> next;
      });
    }
    return out.toString();
  }
}
