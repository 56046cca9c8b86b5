package dev.squall.core.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.tag.ForTag;
import com.hubspot.jinjava.tree.TagNode;
import java.util.AbstractCollection;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Jinjava's {@code for} tag, charging every iteration to the rendering's budget. Loops are the
 * only way a Jinja template can spin (nested loops over large ranges), and they may do so while
 * printing nothing, which the output limit alone would never catch.
 */
final class BudgetedForTag extends ForTag {

  private static final long serialVersionUID = 1L;

  @Override
  public String renderForCollection(
      TagNode tagNode, JinjavaInterpreter interpreter, List<String> loopVars, Object collection) {
    Object charged = switch (collection) {
      // Jinja iterates a dict's keys.
      case Map<?, ?> map -> new Charged(map.keySet(), interpreter);
      case Collection<?> items -> new Charged(items, interpreter);
      case Object[] array -> new Charged(Arrays.asList(array), interpreter);
      case null, default -> collection;
    };
    return super.renderForCollection(tagNode, interpreter, loopVars, charged);
  }

  private static final class Charged extends AbstractCollection<Object> {
    private final Collection<?> items;
    private final JinjavaInterpreter interpreter;

    Charged(Collection<?> items, JinjavaInterpreter interpreter) {
      this.items = items;
      this.interpreter = interpreter;
    }

    @Override
    public Iterator<Object> iterator() {
      Iterator<?> it = items.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public Object next() {
          RenderState.tick(interpreter);
          return it.next();
        }
      };
    }

    @Override
    public int size() {
      return items.size();
    }
  }
}
