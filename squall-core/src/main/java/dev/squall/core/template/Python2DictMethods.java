package dev.squall.core.template;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Python 2's dict methods ({@code iteritems()}, {@code iterkeys()}, {@code itervalues()}, {@code
 * has_key(k)}), which older packs' result formats still call ({@code for k, v in
 * execution.result.iteritems()}); StackStorm on Python 3 no longer runs them. Answers only those
 * calls on maps and leaves everything else to Jinjava's own resolver.
 */
final class Python2DictMethods extends ELResolver {

  @Override
  public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes,
      Object[] params) {
    if (!(base instanceof Map<?, ?> map) || method == null) {
      return null;
    }
    int arity = params == null ? 0 : params.length;
    Object result = switch (method.toString()) {
      case "iteritems" -> arity == 0 ? new ArrayList<>(map.entrySet()) : null;
      case "iterkeys" -> arity == 0 ? new ArrayList<>(map.keySet()) : null;
      case "itervalues" -> arity == 0 ? new ArrayList<>(map.values()) : null;
      case "has_key" -> arity == 1 ? map.containsKey(params[0]) : null;
      default -> null;
    };
    if (result != null) {
      context.setPropertyResolved(true);
    }
    return result;
  }

  @Override
  public Class<?> getCommonPropertyType(ELContext context, Object base) {
    return null;
  }

  @Override
  public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
    return Collections.emptyIterator();
  }

  @Override
  public Class<?> getType(ELContext context, Object base, Object property) {
    return null;
  }

  @Override
  public Object getValue(ELContext context, Object base, Object property) {
    return null;
  }

  @Override
  public boolean isReadOnly(ELContext context, Object base, Object property) {
    return true;
  }

  @Override
  public void setValue(ELContext context, Object base, Object property, Object value) {
    // read-only: never resolves a write
  }

  /** Jinjava's resolver with these methods answered first. */
  static ELResolver before(ELResolver jinjavaDefault) {
    CompositeELResolver composite = new CompositeELResolver();
    composite.add(new Python2DictMethods());
    composite.add(jinjavaDefault);
    return composite;
  }
}
