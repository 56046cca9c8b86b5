package dev.squall.core.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.DynamicVariableResolver;
import com.hubspot.jinjava.interpret.InvalidInputException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.Map;

/**
 * StackStorm's {@code decrypt_kv} filter: {@code {{ st2kv.system.pw | decrypt_kv }}} gives the
 * plain text of a secret that {@code st2kv} hands out encrypted. It decrypts with the rendering's
 * own datastore (the {@link KeyValueLookup} behind {@code st2kv}), so only values that datastore
 * encrypted can be read. As in StackStorm, anything else is an error rather than a silent pass
 * through: a missing key, an empty value, a value that is not an encrypted secret.
 */
final class DecryptKv implements Filter {

  @Override
  public String getName() {
    return "decrypt_kv";
  }

  @Override
  public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
    return decrypt(var, interpreter);
  }

  @Override
  public Object filter(
      Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
    return decrypt(var, interpreter);
  }

  private static String decrypt(Object value, JinjavaInterpreter interpreter) {
    try {
      return decrypt(value, st2kv(interpreter.getContext()));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(interpreter, "decrypt_kv", e.getMessage());
    }
  }

  /**
   * The rendering's {@code st2kv}: a context variable, or one the renderer supplies on demand
   * (ParameterRenderer resolves every variable that way, to know what each template uses).
   */
  private static Object st2kv(Context context) {
    Object st2kv = context.get("st2kv");
    DynamicVariableResolver resolver = context.getDynamicVariableResolver();
    return st2kv == null && resolver != null ? resolver.apply("st2kv") : st2kv;
  }

  private static String decrypt(Object value, Object st2kv) {
    if (value instanceof KeyValueScope.Prefix missing) {
      // StackStorm's message for st2kv.<scope>.<key> naming no stored value.
      throw new IllegalArgumentException("decrypt_kv: referenced datastore item \""
          + missing.keyName() + "\" doesn't exist or it contains an empty string");
    }
    if (value == null || "".equals(value)) {
      throw new IllegalArgumentException("decrypt_kv: there is no value to decrypt ("
          + (value == null ? "None" : "an empty string") + ")");
    }
    KeyValueLookup lookup = KeyValueScope.lookupOf(st2kv).orElseThrow(() ->
        new IllegalArgumentException("decrypt_kv: this template has no datastore to decrypt with"));
    // The value itself is never quoted back: it may be a secret in the wrong place.
    return lookup.decrypt(TemplateText.str(value)).orElseThrow(() -> new IllegalArgumentException(
        "decrypt_kv: the value is not an encrypted datastore secret; decrypt_kv takes a key stored"
            + " with secret=true, e.g. {{ st2kv.system.my_secret | decrypt_kv }}"));
  }

  @Override
  public boolean preserveSafeString() {
    return false;
  }
}
