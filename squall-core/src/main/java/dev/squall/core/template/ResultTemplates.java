package dev.squall.core.template;

import dev.squall.core.error.BadRequestException;
import java.util.List;
import java.util.Map;

/**
 * The chat texts around an alias execution, as StackStorm renders them: the ack (the alias's
 * {@code ack.format}, rendered strictly against {@code {execution, actionalias}}) and the result
 * (the alias's {@code result.format}, or the {@code chatops} pack's default template, rendered
 * leniently against {@code {execution, alias}}). The execution is a map with StackStorm's field
 * names ({@code id, status, action.ref, runner.name, result, web_url, elapsed_seconds,
 * parameters…}); the alias is a map with the alias's fields.
 */
public final class ResultTemplates {

  /**
   * The default result message (layout of {@code chatops/actions/templates/default.j2}): the
   * action, status, id, web URL, duration, and the result as {@code key : value} lines, nested
   * maps indented by two spaces, multi-line strings on their own indented line. Which result keys
   * show depends on the runner; for script and shell runners, keys with falsy values are dropped.
   */
  public static final String DEFAULT_RESULT_FORMAT = """
      {% macro serialize(data, prefix='', keys=none) %}
      {% for key in data %}
      {% set value = data[key] %}
      {% if keys is none or (key in keys and value) %}
      {% if value is mapping %}
      {{ prefix }}{{ key }} :\s
      {{ serialize(value, prefix ~ '  ') }}
      {%- elif value is string and '\\n' in (value | trim) %}
      {{ prefix }}{{ key }} :\s
      {{ prefix }}  {{ value | trim }}
      {% else %}
      {{ prefix }}{{ key }} : {{ value | trim if value is string else value }}
      {% endif %}
      {% endif %}
      {% endfor %}
      {% endmacro %}

      Action {{ execution.action.ref }} completed.
      status : {{ execution.status }}
      execution: {{ execution.id }}

      {% if execution.web_url %}
      web_url: {{ execution.web_url }}

      {% endif %}
      {% if execution.elapsed_seconds %}
      Took {{ execution.elapsed_seconds | human_duration }} to complete.

      {% endif %}
      {% if execution.result %}
      result :
      --------
      {% set runner = execution.runner.name if execution.runner is mapping else none %}
      {% if runner in ['run-python', 'python-script', 'windows-cmd', 'windows-script'] %}
      {{ serialize(execution.result, '', ['result', 'stdout', 'stderr', 'exit_code']) }}
      {%- elif runner in ['remote-shell-cmd', 'remote-shell-script'] %}
      {% for host in execution.result %}
      {{ host }} :\s
      {{ serialize(execution.result[host], '  ', ['stdout', 'stderr', 'return_code', 'error']) }}
      {%- endfor %}
      {% elif runner in ['local-shell-cmd', 'local-shell-script'] %}
      {{ serialize(execution.result, '', ['stdout', 'stderr', 'return_code', 'error']) }}
      {%- elif execution.result is mapping %}
      {{ serialize(execution.result) }}
      {%- else %}
      {{ execution.result }}
      {% endif %}
      {% endif %}
      """;

  /**
   * hubot-stackstorm's canned acks, used when an alias has no {@code ack.format}; {@code %s} is
   * the execution id.
   */
  public static final List<String> DEFAULT_ACK_MESSAGES = List.of(
      "I'll take it from here! Your execution ID for reference is %s",
      "Got it! Remember %s as your execution ID",
      "I'm on it! Your execution ID is %s",
      "Let me get right on that. Remember %s as your execution ID",
      "Always something with you. :) I'll take care of that. Your ID is %s",
      "I have it covered. Your execution ID is %s",
      "Let me start up the machine! Your execution ID is %s",
      "I'll throw that task in the oven and get cookin'! Your execution ID is %s",
      "Want me to take that off your hand? You got it! Don't forget your execution ID: %s",
      "River Tam will get it done with her psychic powers. Your execution ID is %s");

  private final TemplateEngine engine;

  public ResultTemplates(TemplateEngine engine) {
    this.engine = engine;
  }

  /**
   * Renders an alias's {@code ack.format}. As in StackStorm, a template error does not fail the
   * request: the message becomes {@code Cannot render "format" in field "ack" for alias. <error>}.
   * Parsed parameters are not variables here: use {@code execution.parameters.<name>}.
   */
  public String renderAck(String format, Map<String, Object> execution, Map<String, Object> actionAlias) {
    try {
      return engine.renderStrict(format, ackContext(execution, actionAlias));
    } catch (BadRequestException e) {
      return "Cannot render \"format\" in field \"ack\" for alias. " + e.getMessage();
    }
  }

  /** Renders an alias's {@code ack.extra} (strings inside it), with the same error handling. */
  public Object renderAckExtra(Object extra, Map<String, Object> execution, Map<String, Object> actionAlias) {
    try {
      return engine.renderValueStrict(extra, ackContext(execution, actionAlias));
    } catch (BadRequestException e) {
      return "Cannot render \"extra\" in field \"ack\" for alias. " + e.getMessage();
    }
  }

  /**
   * StackStorm's {@code {~}} in a chat text, as the default (text-only) hubot adapter joins it:
   * pretext before, text after, on two lines; anything after a second one dropped.
   */
  public static String joinPretext(String message) {
    String[] parts = message.split("\\{~\\}", -1);
    if (parts.length < 2) {
      return message.strip();
    }
    String pretext = parts[0].strip();
    String text = parts[1].strip();
    if (text.isEmpty()) {
      return pretext;
    }
    return pretext.isEmpty() ? text : pretext + "\n" + text;
  }

  /** hubot's canned ack number {@code choice} (taken modulo the list size) for an execution. */
  public static String defaultAck(String executionId, int choice) {
    return DEFAULT_ACK_MESSAGES.get(Math.floorMod(choice, DEFAULT_ACK_MESSAGES.size()))
        .formatted(executionId);
  }

  /**
   * Renders the result message: {@code format} (the alias's {@code result.format}) or, when it is
   * null, {@link #DEFAULT_RESULT_FORMAT}. A missing key prints as "" (StackStorm's leniency), a
   * name other than {@code execution} and {@code alias} is an error naming it.
   *
   * @throws BadRequestException if the template is malformed, names an unknown variable or runs away
   */
  public String renderResult(String format, Map<String, Object> execution, Map<String, Object> alias) {
    return engine.renderKnownNames(format == null ? DEFAULT_RESULT_FORMAT : format, resultContext(execution, alias));
  }

  /** Renders the strings inside an alias's {@code result.extra} against the result context. */
  public Object renderResultExtra(Object extra, Map<String, Object> execution, Map<String, Object> alias) {
    return engine.renderValueKnownNames(extra, resultContext(execution, alias));
  }

  private static Map<String, Object> ackContext(Map<String, Object> execution, Map<String, Object> alias) {
    return Map.of("execution", execution == null ? Map.of() : execution,
        "actionalias", alias == null ? Map.of() : alias);
  }

  private static Map<String, Object> resultContext(Map<String, Object> execution, Map<String, Object> alias) {
    return Map.of("execution", execution == null ? Map.of() : execution,
        "alias", alias == null ? Map.of() : alias);
  }
}
