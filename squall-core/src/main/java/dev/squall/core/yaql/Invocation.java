package dev.squall.core.yaql;

import java.util.AbstractList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One call of a function: lazily evaluated arguments, lambdas over them, the caller's scope. */
final class Invocation implements YaqlCall {

  private static final Object UNSET = new Object();

  private final Interpreter interpreter;
  private final Node.Call call;
  private final Scope scope;
  private final boolean hasReceiver;
  private final Object receiver;
  private final Object[] evaluated;
  private Map<String, Object> named;

  Invocation(Interpreter interpreter, Node.Call call, Scope scope, boolean hasReceiver, Object receiver) {
    this.interpreter = interpreter;
    this.call = call;
    this.scope = scope;
    this.hasReceiver = hasReceiver;
    this.receiver = receiver;
    this.evaluated = new Object[call.args().size()];
    java.util.Arrays.fill(evaluated, UNSET);
  }

  Object invoke() {
    YaqlFunction f = interpreter.functions().find(call.name());
    if (f == null) {
      throw new YaqlException("Unknown function \"" + call.name() + "\"");
    }
    return f.call(new Args(), this);
  }

  private int offset() {
    return hasReceiver ? 1 : 0;
  }

  private final class Args extends AbstractList<Object> {
    @Override
    public Object get(int index) {
      if (index == 0 && hasReceiver) {
        return receiver;
      }
      int i = index - offset();
      if (evaluated[i] == UNSET) {
        evaluated[i] = interpreter.eval(call.args().get(i), scope);
      }
      return evaluated[i];
    }

    @Override
    public int size() {
      return Invocation.this.size();
    }
  }

  @Override
  public String name() {
    return call.name();
  }

  @Override
  public boolean hasReceiver() {
    return hasReceiver;
  }

  @Override
  public Object receiver() {
    return receiver;
  }

  @Override
  public Object data() {
    return scope.lookup(Interpreter.DOLLAR);
  }

  @Override
  public Object root() {
    return interpreter.root();
  }

  @Override
  public Object variable(String name) {
    String n = name.startsWith("$") ? name.substring(1) : name;
    return scope.lookup(n.isEmpty() ? Interpreter.DOLLAR : n);
  }

  @Override
  public int size() {
    return call.args().size() + offset();
  }

  @Override
  public YaqlLambda lambda(int index) {
    if (index == 0 && hasReceiver) {
      return dollars -> receiver;
    }
    return lambdaOf(call.args().get(index - offset()));
  }

  private YaqlLambda lambdaOf(Node body) {
    return dollars -> {
      if (dollars == null || dollars.length == 0) {
        return interpreter.eval(body, scope);
      }
      Map<String, Object> vars = new HashMap<>();
      for (int i = 0; i < dollars.length; i++) {
        vars.put(String.valueOf(i + 1), dollars[i]);
      }
      return interpreter.eval(body, scope.child(vars));
    };
  }

  @Override
  public Map<String, Object> named() {
    if (named == null) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Node.Mapping m : call.named()) {
        out.put(interpreter.keyOf(m.key(), scope), interpreter.eval(m.value(), scope));
      }
      named = out;
    }
    return named;
  }

  @Override
  public YaqlLambda namedLambda(String name) {
    for (Node.Mapping m : call.named()) {
      if (m.key() instanceof Node.Keyword k && k.name().equals(name)) {
        return lambdaOf(m.value());
      }
    }
    return null;
  }

  @Override
  public YaqlFunctions functions() {
    return interpreter.functions();
  }

  // ----- for the standard library's own functions (let, switch, dict...)

  Scope scope() {
    return scope;
  }

  List<Node.Mapping> mappings() {
    return call.named();
  }

  Object eval(Node node) {
    return interpreter.eval(node, scope);
  }

  String keyOf(Node node) {
    return interpreter.keyOf(node, scope);
  }
}
