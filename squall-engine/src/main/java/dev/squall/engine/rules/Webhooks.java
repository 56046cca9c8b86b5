package dev.squall.engine.rules;

import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.NotFoundException;
import dev.squall.core.trigger.SystemTriggerTypes;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The engine side of {@code POST /api/v1/webhooks/<name>}: a named webhook exists while some rule
 * listens to {@code core.st2.webhook} with that {@code url}; a call becomes one trigger instance
 * with StackStorm's payload {@code {headers, body}}, less the headers that carry credentials. The generic {@code st2} webhook takes
 * {@code {trigger, payload}} and dispatches that trigger type directly.
 */
public final class Webhooks {

  /** The generic webhook's name. */
  public static final String GENERIC = "st2";

  /** Request headers that carry a credential, lower-cased. */
  private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization",
      "cookie", "st2-api-key", "x-auth-token");

  private final RulesEngine rules;

  public Webhooks(RulesEngine rules) {
    this.rules = rules;
  }

  /**
   * @throws NotFoundException no rule listens to a webhook of that name
   * @throws BadRequestException the generic webhook's body lacks {@code trigger}
   */
  public TriggerInstance fire(String name, Map<String, Object> body,
      Map<String, String> headers) {
    String url = SystemTriggerTypes.normalizeWebhookUrl(name == null ? "" : name);
    Map<String, Object> b = body == null ? Map.of() : body;
    if (url.equals(GENERIC)) {
      if (!(b.get("trigger") instanceof String trigger) || trigger.isBlank()) {
        throw new BadRequestException("Trigger not specified.");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> payload = b.get("payload") instanceof Map<?, ?> p
          ? (Map<String, Object>) p : Map.of();
      return rules.dispatch(trigger, Map.of(), payload);
    }
    Map<String, Object> params = Map.of("url", url);
    boolean known = rules.rules().stream()
        .anyMatch(r -> RulesEngine.listensTo(r, SystemTriggerTypes.WEBHOOK.ref(), params));
    if (!known) {
      throw new NotFoundException("Webhook with name \"" + url + "\" not found");
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("headers", withoutCredentials(headers));
    payload.put("body", b);
    return rules.dispatch(SystemTriggerTypes.WEBHOOK.ref(), params, payload);
  }

  /**
   * The headers a trigger instance may keep: credentials go, since instances are readable by every
   * user and stored. Criteria that matched on them (a shared-secret header) should use a named
   * header of their own, e.g. {@code X-Hub-Signature}, which is kept.
   */
  public static Map<String, Object> withoutCredentials(Map<String, String> headers) {
    Map<String, Object> kept = new LinkedHashMap<>();
    if (headers != null) {
      headers.forEach((k, v) -> {
        if (!CREDENTIAL_HEADERS.contains(k.toLowerCase(Locale.ROOT))) {
          kept.put(k, v);
        }
      });
    }
    return kept;
  }

  /** Whether a webhook of this name exists (for the HTTP layer's 404 before reading a body). */
  public boolean exists(String name) {
    Map<String, Object> params = Map.of("url", SystemTriggerTypes.normalizeWebhookUrl(name));
    return SystemTriggerTypes.normalizeWebhookUrl(name).equals(GENERIC) || rules.rules().stream()
        .anyMatch(r -> RulesEngine.listensTo(r, SystemTriggerTypes.WEBHOOK.ref(), params));
  }
}
