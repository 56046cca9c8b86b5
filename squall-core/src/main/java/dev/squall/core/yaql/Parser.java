package dev.squall.core.yaql;

import dev.squall.core.yaql.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Pratt parser for YAQL 3's grammar (yaql/language/parser.py) with its operator table
 * (factory.py), loosest first: {@code ->} (right-assoc), {@code or}, {@code and}, prefix {@code
 * not}, comparisons and {@code in}, {@code + -}, {@code * / mod}, {@code =~ !~}, prefix {@code + -},
 * indexer {@code []}, then {@code . ?.}.
 */
final class Parser {

  private static final int NOT = 40;
  private static final int UNARY = 90;
  private static final int INDEX = 100;
  private static final int DOT = 110;
  private static final Map<String, Integer> BINARY = Map.ofEntries(
      Map.entry("->", 10),
      Map.entry("or", 20),
      Map.entry("and", 30),
      Map.entry("=", 50), Map.entry("!=", 50), Map.entry("<", 50), Map.entry("<=", 50),
      Map.entry(">", 50), Map.entry(">=", 50), Map.entry("in", 50),
      Map.entry("+", 60), Map.entry("-", 60),
      Map.entry("*", 70), Map.entry("/", 70), Map.entry("mod", 70),
      Map.entry("=~", 80), Map.entry("!~", 80),
      Map.entry(".", DOT), Map.entry("?.", DOT));

  private final String src;
  private final List<Token> tokens;
  private int at;

  private Parser(String src) {
    this.src = src;
    this.tokens = Lexer.tokens(src);
  }

  static Node parse(String src) {
    Parser p = new Parser(src);
    if (p.peek().kind() == Kind.END) {
      throw p.error(p.peek(), "empty expression");
    }
    Node n = p.expression(0);
    if (p.peek().kind() != Kind.END) {
      throw p.error(p.peek(), "unexpected " + p.peek().describe());
    }
    return n;
  }

  private Token peek() {
    return tokens.get(at);
  }

  private Token take() {
    return tokens.get(at++);
  }

  private YaqlSyntaxException error(Token t, String reason) {
    return new YaqlSyntaxException(src, t.position(), reason);
  }

  private Token expect(Kind kind, String what) {
    Token t = take();
    if (t.kind() != kind) {
      throw error(t, "expected " + what + " but found " + t.describe());
    }
    return t;
  }

  private int leftBindingPower(Token t) {
    return switch (t.kind()) {
      case OPERATOR -> BINARY.getOrDefault(t.text(), 0);
      case LBRACKET -> INDEX;
      default -> 0;
    };
  }

  private Node expression(int rbp) {
    Node left = prefix(take());
    while (rbp < leftBindingPower(peek())) {
      left = infix(take(), left);
    }
    return left;
  }

  private Node prefix(Token t) {
    return switch (t.kind()) {
      case LITERAL -> new Node.Literal(t.value());
      case KEYWORD -> new Node.Keyword(t.text());
      case DOLLAR -> new Node.Variable(t.text());
      case FUNC -> call(t);
      case LPAREN -> {
        Node inner = expression(0);
        expect(Kind.RPAREN, "')'");
        yield inner;
      }
      case LBRACKET -> {
        Args a = arguments(Kind.RBRACKET, "']'");
        if (!a.named.isEmpty()) {
          throw error(t, "a list literal takes no 'key => value' items");
        }
        yield new Node.ListLiteral(a.positional);
      }
      case LBRACE -> {
        Args a = arguments(Kind.RBRACE, "'}'");
        if (!a.positional.isEmpty()) {
          throw error(t, "a dictionary literal takes 'key => value' items only");
        }
        yield new Node.MapLiteral(a.named);
      }
      case OPERATOR -> switch (t.text()) {
        case "-", "+" -> new Node.Unary(t.text(), expression(UNARY), t.position());
        case "not" -> new Node.Unary("not", expression(NOT), t.position());
        default -> throw error(t, "unexpected " + t.describe());
      };
      default -> throw error(t, "unexpected " + t.describe());
    };
  }

  private Node infix(Token t, Node left) {
    if (t.kind() == Kind.LBRACKET) {
      Args a = arguments(Kind.RBRACKET, "']'");
      if (!a.named.isEmpty() || a.positional.isEmpty()) {
        throw error(t, "an indexer takes one or two positional arguments");
      }
      return new Node.Index(left, a.positional, t.position());
    }
    String op = t.text();
    int bp = BINARY.get(op);
    if (op.equals(".") || op.equals("?.")) {
      return new Node.Dot(left, expression(bp), op.equals("?."), t.position());
    }
    Node right = expression(op.equals("->") ? bp - 1 : bp);
    return new Node.Binary(op, left, right, t.position());
  }

  private Node call(Token name) {
    Args a = arguments(Kind.RPAREN, "')'");
    return new Node.Call(name.text(), a.positional, a.named, name.position());
  }

  private record Args(List<Node> positional, List<Node.Mapping> named) {}

  /** {@code a, b, k => v} up to the closing token; keyword arguments come last, as in yaql. */
  private Args arguments(Kind close, String closeText) {
    List<Node> positional = new ArrayList<>();
    List<Node.Mapping> named = new ArrayList<>();
    if (peek().kind() == close) {
      take();
      return new Args(positional, named);
    }
    while (true) {
      Token start = peek();
      Node value = expression(0);
      if (peek().kind() == Kind.MAPPING) {
        take();
        named.add(new Node.Mapping(value, expression(0)));
      } else if (!named.isEmpty()) {
        throw error(start, "a positional argument cannot follow a 'key => value' argument");
      } else {
        positional.add(value);
      }
      Token sep = take();
      if (sep.kind() == close) {
        return new Args(positional, named);
      }
      if (sep.kind() != Kind.COMMA) {
        throw error(sep, "expected ',' or " + closeText + " but found " + sep.describe());
      }
    }
  }
}
