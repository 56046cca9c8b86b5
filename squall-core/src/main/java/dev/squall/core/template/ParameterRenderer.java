package dev.squall.core.template;

import dev.squall.core.action.ParameterSpec;
import dev.squall.core.error.BadRequestException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.lang3.StringUtils;

/**
 * Computes an execution's final parameters, as StackStorm's {@code get_finalized_params} does:
 * defaults (and immutable values) that are templates are rendered and may refer to other
 * parameters by name, to {@code st2kv.system.*} / {@code st2kv.user.*}, {@code config_context.*}
 * and {@code action_context.*}; each rendered value is cast to its declared type.
 *
 * <p>Parameters are rendered in dependency order: a template that names another parameter renders
 * that one first, on demand (a depth-first topological order that only visits what templates
 * actually reach). Deliberate differences from StackStorm:
 * <ul>
 *   <li>Values given by the caller (a chat user, an API client) are never rendered: {@code
 *       {{ 7*7 }}} typed by a user stays literal (DESIGN divergence 10).
 *   <li>Parameters named in {@code shellParameters} are rendered like {@link
 *       TemplateEngine#renderShell}: every value substituted into them is shell-quoted, except
 *       values the action's author wrote (a default, or a template built only from defaults,
 *       pack config, numbers and booleans), which stay shell text: StackStorm's linux pack builds
 *       {@code cp {{args}} …} from an {@code args} default of flags. Anything a user typed, or
 *       that embeds what a user typed, is quoted.
 *   <li>A parameter with neither a given value nor a default is left out rather than set to None.
 * </ul>
 */
public final class ParameterRenderer {

  private final TemplateEngine engine;
  private final KeyValueLookup keyValues;

  /** {@code keyValues} answers {@code st2kv.*}; for the user scope it is bound to the caller. */
  public ParameterRenderer(TemplateEngine engine, KeyValueLookup keyValues) {
    this.engine = engine;
    this.keyValues = keyValues;
  }

  /** {@link #render(Map, Map, Map, Set)} with no shell parameters. */
  public Map<String, Object> render(
      Map<String, ParameterSpec> specs, Map<String, Object> liveParams, Map<String, Object> context) {
    return render(specs, liveParams, context, Set.of());
  }

  /** The values of {@link #renderAll}, without which of them are secret. */
  public Map<String, Object> render(
      Map<String, ParameterSpec> specs, Map<String, Object> liveParams,
      Map<String, Object> context, Set<String> shellParameters) {
    return renderAll(specs, liveParams, context, shellParameters, Set.of()).values();
  }

  /**
   * Parameters and which of them are secret.
   *
   * @param values by name, in order
   * @param secrets the names whose value is a secret: declared {@code secret}, or derived from
   *     one (a template that names a secret parameter, or reads a datastore secret)
   * @param secretTexts the plain texts of the datastore secrets the templates decrypted, which
   *     are in no parameter of their own (for redaction of what a runner prints)
   */
  public record Rendered(Map<String, Object> values, Set<String> secrets,
      Set<String> secretTexts) {
    public Rendered {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
      secrets = Set.copyOf(secrets);
      secretTexts = Set.copyOf(secretTexts);
    }
  }

  /**
   * @param specs the action's and runner's parameters, by name
   * @param liveParams the values the caller gave, taken as they are
   * @param context further template variables, typically {@code config_context} and {@code
   *     action_context} (maps); {@code st2kv} is added from the {@link KeyValueLookup}
   * @param shellParameters names of parameters whose templates build a shell command line
   * @param secretLive names of given values known to be secret beyond their declaration (see
   *     {@link #renderTemplates})
   * @return every parameter that has a value (given, default, or rendered), in declaration order
   * @throws BadRequestException naming the parameter for a cycle, an unknown name, a template
   *     error, or a rendered value that does not fit the declared type (never quoting a secret)
   */
  public Rendered renderAll(
      Map<String, ParameterSpec> specs, Map<String, Object> liveParams,
      Map<String, Object> context, Set<String> shellParameters, Set<String> secretLive) {
    SecretReads reads = new SecretReads(keyValues);
    Map<String, Object> variables = new HashMap<>(context == null ? Map.of() : context);
    variables.putIfAbsent("st2kv", KeyValueScope.of(reads));
    Session session = new Session(specs, liveParams == null ? Map.of() : liveParams, variables,
        shellParameters == null ? Set.of() : shellParameters, reads,
        secretLive == null ? Set.of() : secretLive);
    Map<String, Object> result = new LinkedHashMap<>();
    for (String name : session.names) {
      if (session.hasValue(name)) {
        result.put(name, session.resolve(name));
      }
    }
    Set<String> secrets = new HashSet<>(session.secret);
    secrets.retainAll(result.keySet());
    return new Rendered(result, secrets, reads.plainTexts);
  }

  /**
   * Renders parameter values that a trusted author (a rule) wrote as templates over untrusted
   * {@code data} (a trigger payload): the author's text is kept, every value substituted into a
   * shell parameter is shell-quoted exactly as in {@link TemplateEngine#renderShell}, and values
   * elsewhere keep their type ({@code "{{ trigger.body }}"} gives the object). {@code st2kv} is
   * available; a value that read a datastore secret is reported secret. Values that are not
   * templates pass through.
   *
   * @throws BadRequestException naming the parameter whose template fails
   */
  public Rendered renderTemplates(Map<String, Object> templates, Map<String, Object> data,
      Set<String> shellParameters) {
    SecretReads reads = new SecretReads(keyValues);
    Map<String, Object> variables = new HashMap<>(data == null ? Map.of() : data);
    variables.put("st2kv", KeyValueScope.of(reads));
    Map<String, Object> out = new LinkedHashMap<>();
    Set<String> secrets = new HashSet<>();
    templates.forEach((name, template) -> {
      long before = reads.count;
      TemplateEngine.Mode mode = shellParameters.contains(name) && template instanceof String
          ? TemplateEngine.Mode.LENIENT_SHELL : TemplateEngine.Mode.LENIENT;
      Object value;
      try {
        value = engine.renderValue(template, variables, mode, null, Set.of());
      } catch (BadRequestException e) {
        throw new BadRequestException(
            "Failed to render parameter \"" + name + "\": " + e.getMessage(), e);
      }
      out.put(name, value);
      if (reads.usedSince(before, value)) {
        secrets.add(name);
      }
    });
    return new Rendered(out, secrets, reads.plainTexts);
  }

  /**
   * The datastore as templates see it, watching the secrets read: each {@code decrypt_kv} is
   * counted (a rendering during which the count moved used a secret) and its plain text kept;
   * a secret's stored (encrypted) form is remembered, so that a value embedding it is secret too
   * ({@link KeyValueScope} reads each key once per rendering, so this is by content).
   */
  private static final class SecretReads implements KeyValueLookup {
    private final KeyValueLookup delegate;
    private final Set<String> plainTexts = new HashSet<>();
    private final Set<String> sealed = new HashSet<>();
    private long count;

    SecretReads(KeyValueLookup delegate) {
      this.delegate = delegate;
    }

    @Override
    public Optional<String> get(String scope, String key) {
      Optional<String> value = delegate.get(scope, key);
      if (value.isPresent() && !value.get().isEmpty()
          && delegate.decrypt(value.get()).isPresent()) {
        sealed.add(value.get());
      }
      return value;
    }

    @Override
    public Optional<String> decrypt(String stored) {
      Optional<String> plain = delegate.decrypt(stored);
      if (plain.isPresent()) {
        count++;
        plainTexts.add(plain.get());
      }
      return plain;
    }

    /** Whether a value rendered since the count was {@code before} used a secret. */
    boolean usedSince(long before, Object rendered) {
      if (count > before) {
        return true;
      }
      if (sealed.isEmpty() || rendered == null) {
        return false;
      }
      String text = String.valueOf(rendered);
      return sealed.stream().anyMatch(text::contains);
    }
  }

  private final class Session {
    private final Map<String, ParameterSpec> specs;
    private final Map<String, Object> live;
    private final Map<String, Object> variables;
    private final Set<String> shellParameters;
    private final SecretReads reads;
    /** Names whose value is a secret, declared or derived. */
    private final Set<String> secret = new HashSet<>();
    private final Set<String> names = new LinkedHashSet<>();
    private final Map<String, Object> resolved = new HashMap<>();
    private final List<String> resolving = new ArrayList<>();
    private final Set<BadRequestException> attributed =
        Collections.newSetFromMap(new IdentityHashMap<>());
    /** Parameters whose value the action's author wrote (see {@link #isAuthorWritten}). */
    private final Set<String> authorWritten = new HashSet<>();
    /** The author-written string values themselves, by identity, for shell rendering. */
    private final Set<Object> authorText = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Names referenced by each template being rendered, the innermost on top. */
    private final Deque<Set<String>> references = new ArrayDeque<>();

    Session(Map<String, ParameterSpec> specs, Map<String, Object> live,
        Map<String, Object> variables, Set<String> shellParameters, SecretReads reads,
        Set<String> secretLive) {
      this.specs = specs == null ? Map.of() : specs;
      this.live = live;
      this.variables = variables;
      this.shellParameters = shellParameters;
      this.reads = reads;
      names.addAll(this.specs.keySet());
      names.addAll(live.keySet());
      this.specs.forEach((name, spec) -> {
        if (spec.secret()) {
          secret.add(name);
        }
      });
      live.keySet().stream().filter(secretLive::contains).forEach(secret::add);
    }

    boolean hasValue(String name) {
      ParameterSpec spec = specs.get(name);
      return live.get(name) != null || (spec != null && spec.hasDefault());
    }

    Object resolve(String name) {
      if (resolved.containsKey(name)) {
        return resolved.get(name);
      }
      int seen = resolving.indexOf(name);
      if (seen >= 0) {
        throw cycle(resolving.subList(seen, resolving.size()), name);
      }
      resolving.add(name);
      try {
        Object value = compute(name);
        resolved.put(name, value);
        return value;
      } finally {
        resolving.removeLast();
      }
    }

    private Object compute(String name) {
      ParameterSpec spec = specs.get(name);
      boolean useDefault = spec != null && spec.hasDefault()
          && (spec.immutable() || live.get(name) == null);
      if (!useDefault) {
        return live.get(name);
      }
      Object template = spec.defaultValue();
      if (!TemplateEngine.isTemplate(template)) {
        return authored(name, template);
      }
      TemplateEngine.Mode mode = shellParameters.contains(name) && template instanceof String
          ? TemplateEngine.Mode.LENIENT_SHELL : TemplateEngine.Mode.LENIENT;
      references.push(new HashSet<>());
      Set<String> used;
      long secretReads = reads.count;
      Object rendered;
      try {
        rendered = engine.renderValue(
            template, Map.of(), mode, ref -> lookup(name, ref), authorText);
      } catch (BadRequestException e) {
        if (attributed.contains(e)) {
          throw e;
        }
        throw attribute(new BadRequestException(
            "Failed to render parameter \"" + name + "\": " + e.getMessage(), e));
      } catch (IllegalArgumentException e) {
        throw attribute(new BadRequestException("Parameter \"" + name + "\" of type "
            + spec.type() + ": " + e.getMessage(), e));
      } finally {
        used = references.pop();
      }
      // Derived from a secret (a secret parameter, a datastore secret): secret itself.
      if (reads.usedSince(secretReads, rendered) || used.stream().anyMatch(secret::contains)) {
        secret.add(name);
      }
      Object value;
      try {
        value = Casts.cast(rendered, spec.type());
      } catch (IllegalArgumentException e) {
        // The cast's message quotes the value, which must not be shown when it is a secret.
        throw attribute(new BadRequestException("Parameter \"" + name + "\" of type "
            + spec.type() + ": " + (secret.contains(name)
                ? "the rendered value (a secret, not shown) does not fit the type"
                : e.getMessage()), e));
      }
      return used.stream().allMatch(this::isAuthorWritten) ? authored(name, value) : value;
    }

    /**
     * Whether a referenced name holds only text the action's author controls: a default written
     * in the metadata, a template built from such values, pack config, or a value that cannot
     * carry shell syntax (a number, a boolean, nothing). Such a value, substituted into a shell
     * parameter, is shell text (the linux pack builds {@code cp {{args}} …} from an args default
     * of flags); anything a user could have typed is quoted.
     */
    private boolean isAuthorWritten(String ref) {
      if (names.contains(ref)) {
        Object value = resolved.get(ref);
        return authorWritten.contains(ref) || value == null || value instanceof Boolean
            || value instanceof Number;
      }
      return ref.equals("config_context") || ref.equals("none") || ref.equals("None");
    }

    private Object authored(String name, Object value) {
      authorWritten.add(name);
      if (value instanceof String) {
        authorText.add(value);
      }
      return value;
    }

    /** A name the template uses that is not a template variable: another parameter, or a typo. */
    private Object lookup(String parameter, String ref) {
      if (!references.isEmpty()) {
        references.peek().add(ref);
      }
      if (names.contains(ref)) {
        return hasValue(ref) ? resolve(ref) : null;
      }
      if (variables.containsKey(ref)) {
        return variables.get(ref);
      }
      if (ref.equals("none") || ref.equals("None")) {
        return null; // Jinja's None literal, which Jinjava looks up as a variable
      }
      Set<String> known = new TreeSet<>(names);
      known.addAll(variables.keySet());
      String closest = known.stream()
          .min(Comparator.comparingInt(k -> StringUtils.getLevenshteinDistance(k, ref)))
          .orElse(null);
      String hint = closest != null && StringUtils.getLevenshteinDistance(closest, ref) <= 2
          ? " Did you mean \"" + closest + "\"?" : "";
      throw attribute(new BadRequestException("Failed to render parameter \"" + parameter
          + "\": \"" + ref + "\" is undefined; it is not a parameter or a context variable ("
          + String.join(", ", known) + ")." + hint));
    }

    private BadRequestException cycle(List<String> path, String name) {
      List<String> loop = new ArrayList<>(path);
      loop.add(name);
      return attribute(new BadRequestException("Cyclic dependency found in the following"
          + " variables: " + String.join(", ", new TreeSet<>(path)) + " ("
          + String.join(" -> ", loop) + ")"));
    }

    private BadRequestException attribute(BadRequestException e) {
      attributed.add(e);
      return e;
    }
  }
}
