package dev.squall.server;

import dev.squall.core.config.Config;
import dev.squall.core.error.BadRequestException;
import dev.squall.engine.notify.LogRoute;
import dev.squall.engine.notify.Route;
import dev.squall.engine.notify.WebhookRoute;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Notification routes from {@code squall.yaml}: {@code notify.routes.<name>} with
 * {@code type: webhook} ({@code url}, {@code secret} for the HMAC-SHA256 signature header,
 * {@code timeout} seconds) or {@code type: log}. {@code log} and StackStorm's
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
        default -> throw new BadRequestException("config " + where + ".type must be webhook or log, not " + type);
      });
    }
    return routes;
  }
}
