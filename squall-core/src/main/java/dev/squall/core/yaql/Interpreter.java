package dev.squall.core.yaql;

import dev.squall.core.error.SquallException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluates a syntax tree: one instance per evaluation (it holds the functions and the root `$`). */
final class Interpreter {

  /** yaql stores {@code $} as {@code $1}: they are one variable (let(1) -> $ is 1). */
  static final String DOLLAR = "1";

  private final YaqlFunctions functions;
  private final Object root;

  Interpreter(YaqlFunctions functions, Object root) {
    this.functions = functions;
    this.root = root;
  }

  YaqlFunctions functions() {
    return functions;
  }

  Object root() {
    return root;
  }

  Object run(Node node) {
    Map<String, Object> top = new HashMap<>();
    top.put(DOLLAR, root);
    Object result;
    try {
      result = eval(node, new Scope(null, top));
    } catch (SquallException e) {
      throw e;
    } catch (StackOverflowError e) {
      throw new YaqlException("Expression nests too deeply", e);
    } catch (RuntimeException e) {
      throw new YaqlException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }
    if (result instanceof ScopeValue) {
      throw new YaqlException("The expression returns a context (let/with) without using it with '->'");
    }
    return Values.output(result);
  }

  Object eval(Node node, Scope scope) {
    return switch (node) {
      case Node.Literal l -> l.value();
      case Node.Keyword k -> k.name();
      case Node.Variable v -> scope.lookup(v.name().isEmpty() ? DOLLAR : v.name());
      case Node.Call c -> new Invocation(this, c, scope, false, null).invoke();
      case Node.Dot d -> dot(d, scope);
      case Node.Index i -> index(eval(i.target(), scope), i.args().stream().map(a -> eval(a, scope)).toList());
      case Node.ListLiteral l -> {
        List<Object> out = new ArrayList<>(l.items().size());
        l.items().forEach(item -> out.add(eval(item, scope)));
        yield out;
      }
      case Node.MapLiteral m -> {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Node.Mapping e : m.entries()) {
          out.put(keyOf(e.key(), scope), eval(e.value(), scope));
        }
        yield out;
      }
      case Node.Unary u -> Operators.unary(u.operator(), eval(u.operand(), scope));
      case Node.Binary b -> binary(b, scope);
    };
  }

  /** A mapping's key: a bare name is itself, anything else is evaluated and must be a string. */
  String keyOf(Node key, Scope scope) {
    if (key instanceof Node.Keyword k) {
      return k.name();
    }
    Object v = eval(key, scope);
    if (v instanceof String s) {
      return s;
    }
    throw new YaqlException("A dictionary key must be a string, not " + Values.typeName(v));
  }

  private Object dot(Node.Dot d, Scope scope) {
    Object receiver = eval(d.left(), scope);
    if (d.nullSafe() && receiver == null) {
      return null;
    }
    return switch (d.right()) {
      case Node.Call c -> new Invocation(this, c, scope, true, receiver).invoke();
      case Node.Keyword k -> attribute(receiver, k.name());
      default -> {
        Map<String, Object> dollar = new HashMap<>();
        dollar.put(DOLLAR, receiver);
        yield eval(d.right(), scope.child(dollar));
      }
    };
  }

  private Object binary(Node.Binary b, Scope scope) {
    return switch (b.operator()) {
      case "and" -> {
        Object l = eval(b.left(), scope);
        yield Values.truthy(l) ? eval(b.right(), scope) : l;
      }
      case "or" -> {
        Object l = eval(b.left(), scope);
        yield Values.truthy(l) ? l : eval(b.right(), scope);
      }
      case "->" -> {
        Object l = eval(b.left(), scope);
        if (!(l instanceof ScopeValue sv)) {
          throw new YaqlException("The left side of '->' must be a context (let, with), not " + Values.typeName(l));
        }
        yield eval(b.right(), sv.scope());
      }
      default -> Operators.binary(b.operator(), eval(b.left(), scope), eval(b.right(), scope));
    };
  }

  /** {@code obj.name}: a dictionary's key, or that key of every item of a list. */
  static Object attribute(Object obj, String name) {
    if (obj instanceof Map<?, ?> m) {
      Object v = m.get(name);
      if (v == null && !m.containsKey(name)) {
        throw new YaqlKeyException(name);
      }
      return v;
    }
    if (obj instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>(c.size());
      c.forEach(item -> out.add(attribute(item, name)));
      return out;
    }
    throw new YaqlException("Unable to get '" + name + "' of " + Values.typeName(obj)
        + (obj == null ? "" : " " + Values.str(obj)));
  }

  /** {@code target[key]}, {@code target[key, default]} (dictionaries), {@code target[i]} (lists). */
  static Object index(Object target, List<Object> args) {
    if (target instanceof Map<?, ?> m) {
      Object key = args.get(0);
      if (args.size() == 2) {
        return m.containsKey(key) ? m.get(key) : args.get(1);
      }
      if (!m.containsKey(key)) {
        throw new YaqlKeyException(Values.str(key));
      }
      return m.get(key);
    }
    if (args.size() != 1) {
      throw new YaqlException("An indexer with a default applies to a dictionary, not " + Values.typeName(target));
    }
    if (target instanceof List<?> l) {
      return l.get(position(args.get(0), l.size()));
    }
    if (target instanceof String s) {
      int i = position(args.get(0), s.length());
      return s.substring(i, i + 1);
    }
    if (target instanceof Collection<?> c) {
      return new ArrayList<>(c).get(position(args.get(0), c.size()));
    }
    throw new YaqlException("Cannot index " + Values.typeName(target));
  }

  private static int position(Object index, int size) {
    long i = Values.toLong(index, "An index");
    long p = i < 0 ? i + size : i;
    if (p < 0 || p >= size) {
      throw new YaqlException("Index " + i + " is out of range");
    }
    return (int) p;
  }
}
