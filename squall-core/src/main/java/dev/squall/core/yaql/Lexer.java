package dev.squall.core.yaql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** YAQL 3's lexer (yaql/language/lexer.py): the same token rules, the same escapes. */
final class Lexer {

  private static final Set<String> WORD_OPERATORS = Set.of("and", "or", "not", "in", "mod");
  private static final List<String> SYMBOLS =
      List.of("?.", "=~", "!~", ">=", "<=", "!=", "->", "=>", ".", "+", "-", "*", "/", ">", "<", "=");

  private final String src;
  private int at;

  private Lexer(String src) {
    this.src = src;
  }

  static List<Token> tokens(String src) {
    Lexer lexer = new Lexer(src);
    List<Token> out = new ArrayList<>();
    Token t;
    do {
      t = lexer.next();
      out.add(t);
    } while (t.kind() != Token.Kind.END);
    return out;
  }

  private YaqlSyntaxException error(int pos, String reason) {
    return new YaqlSyntaxException(src, pos, reason);
  }

  private static boolean word(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private Token next() {
    while (at < src.length() && " \t\r\n".indexOf(src.charAt(at)) >= 0) {
      at++;
    }
    int start = at;
    if (at >= src.length()) {
      return new Token(Token.Kind.END, "", null, start);
    }
    char c = src.charAt(at);
    if (c == '$') {
      at++;
      while (at < src.length() && word(src.charAt(at))) {
        at++;
      }
      return new Token(Token.Kind.DOLLAR, src.substring(start + 1, at), null, start);
    }
    if (Character.isDigit(c)) {
      return number(start);
    }
    if (Character.isLetter(c) || c == '_') {
      while (at < src.length() && word(src.charAt(at))) {
        at++;
      }
      String name = src.substring(start, at);
      if (at < src.length() && src.charAt(at) == '(') {
        at++;
        return new Token(Token.Kind.FUNC, name, null, start);
      }
      if (name.startsWith("__")) {
        throw error(start, "illegal character '_'");
      }
      return switch (name) {
        case "true" -> new Token(Token.Kind.LITERAL, name, Boolean.TRUE, start);
        case "false" -> new Token(Token.Kind.LITERAL, name, Boolean.FALSE, start);
        case "null" -> new Token(Token.Kind.LITERAL, name, null, start);
        default -> new Token(WORD_OPERATORS.contains(name) ? Token.Kind.OPERATOR : Token.Kind.KEYWORD, name, null, start);
      };
    }
    if (c == '\'' || c == '"' || c == '`') {
      return string(start, c);
    }
    Token.Kind single = switch (c) {
      case '(' -> Token.Kind.LPAREN;
      case ')' -> Token.Kind.RPAREN;
      case '[' -> Token.Kind.LBRACKET;
      case ']' -> Token.Kind.RBRACKET;
      case '{' -> Token.Kind.LBRACE;
      case '}' -> Token.Kind.RBRACE;
      case ',' -> Token.Kind.COMMA;
      default -> null;
    };
    if (single != null) {
      at++;
      return new Token(single, String.valueOf(c), null, start);
    }
    for (String s : SYMBOLS) {
      if (src.startsWith(s, at)) {
        at += s.length();
        return new Token(s.equals("=>") ? Token.Kind.MAPPING : Token.Kind.OPERATOR, s, null, start);
      }
    }
    throw error(start, "illegal character '" + c + "'");
  }

  private Token number(int start) {
    while (at < src.length() && Character.isDigit(src.charAt(at))) {
      at++;
    }
    boolean fraction = at + 1 < src.length() && src.charAt(at) == '.' && Character.isDigit(src.charAt(at + 1));
    if (fraction) {
      at++;
      while (at < src.length() && Character.isDigit(src.charAt(at))) {
        at++;
      }
    }
    if (at < src.length() && word(src.charAt(at))) {
      throw error(at, "illegal character '" + src.charAt(at) + "'");
    }
    String text = src.substring(start, at);
    try {
      Object value = fraction ? (Object) Double.parseDouble(text) : (Object) Long.parseLong(text);
      return new Token(Token.Kind.LITERAL, text, value, start);
    } catch (NumberFormatException e) {
      throw error(start, "number out of range: " + text);
    }
  }

  private Token string(int start, char quote) {
    at++;
    StringBuilder raw = new StringBuilder();
    while (true) {
      if (at >= src.length()) {
        throw error(start, "unterminated string");
      }
      char c = src.charAt(at);
      if (c == '\\' && at + 1 < src.length()) {
        raw.append(c).append(src.charAt(at + 1));
        at += 2;
        continue;
      }
      at++;
      if (c == quote) {
        break;
      }
      raw.append(c);
    }
    String text = src.substring(start, at);
    String value = quote == '`' ? raw.toString().replace("\\`", "`") : unescape(raw.toString(), start);
    return new Token(Token.Kind.LITERAL, text, value, start);
  }

  /** Python's unicode-escape for the sequences yaql decodes; any other backslash stays as written. */
  private String unescape(String s, int pos) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 >= s.length()) {
        out.append(c);
        continue;
      }
      char n = s.charAt(i + 1);
      int hex = switch (n) {
        case 'x' -> 2;
        case 'u' -> 4;
        case 'U' -> 8;
        default -> 0;
      };
      if (hex > 0) {
        if (i + 2 + hex > s.length()) {
          throw error(pos, "truncated \\" + n + " escape");
        }
        try {
          out.appendCodePoint(Integer.parseInt(s.substring(i + 2, i + 2 + hex), 16));
        } catch (IllegalArgumentException e) {
          throw error(pos, "malformed \\" + n + " escape");
        }
        i += 1 + hex;
        continue;
      }
      if (n >= '0' && n <= '7') {
        int end = i + 1;
        while (end < s.length() && end < i + 4 && s.charAt(end) >= '0' && s.charAt(end) <= '7') {
          end++;
        }
        out.append((char) Integer.parseInt(s.substring(i + 1, end), 8));
        i = end - 1;
        continue;
      }
      String single = switch (n) {
        case '\\' -> "\\";
        case '\'' -> "'";
        case '"' -> "\"";
        case 'a' -> "\u0007";
        case 'b' -> "\b";
        case 'f' -> "\f";
        case 'n' -> "\n";
        case 'r' -> "\r";
        case 't' -> "\t";
        case 'v' -> "\u000b";
        default -> null;
      };
      if (single == null) {
        out.append(c);
      } else {
        out.append(single);
        i++;
      }
    }
    return out.toString();
  }
}
