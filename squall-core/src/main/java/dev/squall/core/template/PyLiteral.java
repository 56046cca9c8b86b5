package dev.squall.core.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code ast.literal_eval} for the literals a template prints: lists, tuples, dicts,
 * quoted strings, integers, floats, True, False and None. StackStorm casts a rendered array or
 * object parameter with {@code json.loads} and falls back to this, so "{{ hosts }}" printed as
 * {@code ['a', 'b']} still becomes a list.
 */
final class PyLiteral {

  private final String text;
  private int pos;

  private PyLiteral(String text) {
    this.text = text;
  }

  static Object parse(String text) {
    PyLiteral p = new PyLiteral(text);
    Object value = p.value();
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("unexpected text");
    }
    return value;
  }

  private Object value() {
    skipSpace();
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    char c = text.charAt(pos);
    return switch (c) {
      case '[' -> sequence(']');
      case '(' -> sequence(')');
      case '{' -> dict();
      case '\'', '"' -> string(c);
      default -> atom();
    };
  }

  private List<Object> sequence(char close) {
    pos++;
    List<Object> items = new ArrayList<>();
    while (true) {
      skipSpace();
      if (peek() == close) {
        pos++;
        return items;
      }
      items.add(value());
      skipSpace();
      if (peek() == ',') {
        pos++;
      } else if (peek() != close) {
        throw error("expected ',' or '" + close + "'");
      }
    }
  }

  private Map<Object, Object> dict() {
    pos++;
    Map<Object, Object> map = new LinkedHashMap<>();
    while (true) {
      skipSpace();
      if (peek() == '}') {
        pos++;
        return map;
      }
      Object key = value();
      skipSpace();
      if (peek() != ':') {
        throw error("expected ':'");
      }
      pos++;
      map.put(key, value());
      skipSpace();
      if (peek() == ',') {
        pos++;
      } else if (peek() != '}') {
        throw error("expected ',' or '}'");
      }
    }
  }

  private String string(char quote) {
    StringBuilder out = new StringBuilder();
    pos++;
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == quote) {
        return out.toString();
      }
      if (c == '\\' && pos < text.length()) {
        char e = text.charAt(pos++);
        switch (e) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case 'x' -> {
            out.append((char) Integer.parseInt(text.substring(pos, pos + 2), 16));
            pos += 2;
          }
          case 'u' -> {
            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
            pos += 4;
          }
          default -> out.append(e);
        }
      } else {
        out.append(c);
      }
    }
    throw error("unterminated string");
  }

  private Object atom() {
    int start = pos;
    while (pos < text.length() && ",:]})".indexOf(text.charAt(pos)) < 0
        && !Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
    String word = text.substring(start, pos);
    switch (word) {
      case "True":
        return Boolean.TRUE;
      case "False":
        return Boolean.FALSE;
      case "None":
        return null;
      default:
        break;
    }
    try {
      return word.matches("[-+]?\\d+") ? (Object) Long.parseLong(word) : Double.parseDouble(word);
    } catch (NumberFormatException e) {
      throw error("not a literal: " + word);
    }
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at position " + pos);
  }
}
