package dev.squall.core.yaql;

import java.util.List;

/** The syntax tree of a parsed expression. */
sealed interface Node {

  /** A number, quoted string, true, false or null. */
  record Literal(Object value) implements Node {}

  /** A bare identifier: evaluates to its own name as a string. */
  record Keyword(String name) implements Node {}

  /** {@code $} (name "") or {@code $name}. */
  record Variable(String name) implements Node {}

  /** {@code key => value} inside an argument list, a map literal or a dict() call. */
  record Mapping(Node key, Node value) {}

  /** {@code name(args)}; a method call when it is the right side of a {@link Dot}. */
  record Call(String name, List<Node> args, List<Mapping> named, int position) implements Node {}

  /** {@code left.right} or, null-safe, {@code left?.right}. */
  record Dot(Node left, Node right, boolean nullSafe, int position) implements Node {}

  /** {@code target[args]}. */
  record Index(Node target, List<Node> args, int position) implements Node {}

  record ListLiteral(List<Node> items) implements Node {}

  record MapLiteral(List<Mapping> entries) implements Node {}

  record Unary(String operator, Node operand, int position) implements Node {}

  record Binary(String operator, Node left, Node right, int position) implements Node {}
}
