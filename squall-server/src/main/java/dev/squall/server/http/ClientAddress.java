package dev.squall.server.http;

import dev.squall.core.config.Config;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The network address a request came from, for the login throttle and its log line: the socket's
 * peer, unless that peer is one of {@code server.trusted_proxies} (a reverse proxy in front of
 * Squall); then the nearest address in {@code X-Forwarded-For} that is not a trusted proxy
 * itself. Nobody else's {@code X-Forwarded-For} is believed: a caller could name any address.
 */
public final class ClientAddress {

  /** What an IPv4 or IPv6 address can contain; anything else in a header is not an address. */
  private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private final Set<String> trustedProxies;

  public ClientAddress(Collection<String> trustedProxies) {
    this.trustedProxies = Set.copyOf(trustedProxies);
  }

  /** {@code server.trusted_proxies}: a YAML list, or addresses separated by commas. */
  public static ClientAddress from(Config config) {
    List<String> proxies = config.get("server.trusted_proxies")
        .map(v -> v instanceof Collection<?> c ? c.stream().map(String::valueOf).toList()
            : Arrays.asList(String.valueOf(v).split(",")))
        .orElse(List.of());
    return new ClientAddress(proxies.stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
  }

  public String of(Context ctx) {
    String peer = ctx.req().getRemoteAddr();
    String forwarded = ctx.header("X-Forwarded-For");
    if (forwarded == null || !trustedProxies.contains(peer)) {
      return peer;
    }
    String[] hops = forwarded.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].strip();
      if (!ADDRESS.matcher(hop).matches()) {
        return peer;
      }
      if (!trustedProxies.contains(hop)) {
        return hop;
      }
    }
    return peer;
  }
}
