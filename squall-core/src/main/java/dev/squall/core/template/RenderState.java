package dev.squall.core.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The interpreter of one rendering, carrying what Squall tracks beside Jinjava: the loop budget
 * (see {@link BudgetedForTag}) and, for shell command lines, the values substituted so far (see
 * {@link ShellSubstitution}).
 */
final class RenderState extends JinjavaInterpreter {

  /** Loop iterations one rendering may perform before it is considered runaway. */
  static final long MAX_LOOP_ITERATIONS = 1_000_000;

  private final Set<Object> trustedValues;
  private final ShellSubstitution shell;
  private final List<ShellSubstitution.Slot> slots = new ArrayList<>();
  private long iterations;
  private Exceeded exceeded;

  /** {@code trustedValues} is read live (an identity set), as values may join it mid-render. */
  RenderState(Jinjava jinjava, Context context, JinjavaConfig config, Set<Object> trustedValues,
      long nonce) {
    super(jinjava, context, config);
    this.shell = new ShellSubstitution(nonce);
    this.trustedValues = trustedValues;
  }

  /** The state of the rendering {@code interpreter} belongs to, or null outside Squall's engine. */
  static RenderState of(JinjavaInterpreter interpreter) {
    if (interpreter instanceof RenderState s) {
      return s;
    }
    return JinjavaInterpreter.getCurrent() instanceof RenderState s ? s : null;
  }

  /** Charges one loop iteration; throws once the budget is spent. */
  static void tick(JinjavaInterpreter interpreter) {
    RenderState state = of(interpreter);
    if (state == null) {
      return;
    }
    if (state.exceeded != null || ++state.iterations > MAX_LOOP_ITERATIONS) {
      if (state.exceeded == null) {
        state.exceeded = new Exceeded();
      }
      throw state.exceeded;
    }
  }

  Exceeded exceeded() {
    return exceeded;
  }

  /** Whether {@code value} is this very object, vouched for by the caller as author-written. */
  boolean isTrusted(Object value) {
    return value != null && trustedValues.contains(value);
  }

  /** Records a value for a shell command line and returns the placeholder standing for it. */
  String placeholder(String text, boolean raw) {
    slots.add(new ShellSubstitution.Slot(text, raw));
    return shell.marker(slots.size() - 1);
  }

  /** The rendered command line with every placeholder replaced by its escaped value. */
  String substitute(String rendered) {
    return shell.apply(rendered, slots);
  }

  /** An InterpretException, so that Jinjava's tags let it through instead of wrapping it. */
  static final class Exceeded extends InterpretException {
    Exceeded() {
      super("Template stopped: more than " + MAX_LOOP_ITERATIONS + " loop iterations");
    }
  }
}
