package dev.squall.server;

import dev.squall.core.config.Config;
import dev.squall.core.error.BadRequestException;
import dev.squall.engine.notify.EmailRoute;
import dev.squall.engine.notify.LogRoute;
import dev.squall.engine.notify.Route;
import dev.squall.engine.notify.WebhookRoute;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Notification routes from {@code squall.yaml}: {@code notify.routes.<name>} with
 * {@code type: webhook} ({@code url}, {@code secret} for the HMAC-SHA256 signature header,
 * {@code timeout} seconds), {@code type: email} ({@code host}, {@code port}, {@code starttls},
 * {@code ssl}, {@code username}, {@code password}, {@code from}, {@code to}) or {@code type: log}. {@code log} and StackStorm's
 * {@code notify.default} always exist and write the notification to the log.
 */
final class NotifyRoutes {

  private NotifyRoutes() {}

  static Map<String, Route> fromConfig(Config config) {
    Map<String, Route> routes = new HashMap<>();
    routes.put("log", new LogRoute("log"));
    routes.put("notify.default", new LogRoute("notify.default"));
    Map<String, Object> section = config.section("notify.routes");
    for (String name : config.sectionNames("notify.routes")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> r = (Map<String, Object>) section.get(name);
      String type = String.valueOf(r.getOrDefault("type", "webhook"));
      String where = "notify.routes." + name;
      routes.put(name, switch (type) {
        case "log" -> new LogRoute(name);
        case "webhook" -> {
          Object url = r.get("url");
          if (url == null) {
            throw new BadRequestException("config " + where + ".url is required for a webhook route");
          }
          yield new WebhookRoute(name, URI.create(url.toString()),
              r.get("secret") == null ? null : r.get("secret").toString(),
              Duration.ofSeconds(Long.parseLong(String.valueOf(r.getOrDefault("timeout", 10)))));
        }
        case "email" -> new EmailRoute(name, email(where, r));
        default -> throw new BadRequestException("config " + where + ".type must be webhook, email or log, not " + type);
      });
    }
    return routes;
  }

  private static EmailRoute.Settings email(String where, Map<String, Object> r) {
    Object to = r.get("to");
    List<String> recipients = to instanceof List<?> l ? l.stream().map(String::valueOf).toList()
        : to == null ? List.of() : List.of(to.toString().split("\\s*,\\s*"));
    if (r.get("host") == null || r.get("from") == null || recipients.isEmpty()) {
      throw new BadRequestException("config " + where + " needs host, from and to for an e-mail route");
    }
    boolean ssl = Boolean.parseBoolean(String.valueOf(r.getOrDefault("ssl", false)));
    return new EmailRoute.Settings(r.get("host").toString(),
        Integer.parseInt(String.valueOf(r.getOrDefault("port", ssl ? 465 : 25))),
        Boolean.parseBoolean(String.valueOf(r.getOrDefault("starttls", false))), ssl,
        r.get("username") == null ? null : r.get("username").toString(),
        r.get("password") == null ? null : r.get("password").toString(),
        r.get("from").toString(), recipients,
        Duration.ofSeconds(Long.parseLong(String.valueOf(r.getOrDefault("timeout", 10)))));
  }
}
