package dev.squall.server.api;

import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.ForbiddenException;
import dev.squall.core.error.NotFoundException;
import dev.squall.engine.audit.AuditTrail;
import dev.squall.engine.audit.model.AuditOutcome;
import dev.squall.engine.audit.model.AuditQuery;
import dev.squall.engine.audit.model.AuditRecord;
import dev.squall.engine.auth.Principal;
import dev.squall.engine.execution.model.Page;
import dev.squall.server.http.Access;
import dev.squall.server.http.Authenticator;
import dev.squall.server.http.Paging;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /api/v1/audit} and {@code /api/v1/audit/{id}}: the audit trail, all of it for an
 * administrator, a user's own records for anyone else. Also records, after each request, every
 * API call that changes something ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}: the
 * method, path, caller and status, never the body) and every request refused for its credential
 * or a permission (401, 403).
 */
public final class AuditApi implements Resource {

  private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final Set<String> API_PREFIXES = Set.of("/api/", "/auth/", "/v1/", "/stream/");

  private final AuditTrail trail;

  public AuditApi(AuditTrail trail) {
    this.trail = trail;
  }

  @Override
  public void register(Routes routes) {
    routes.raw().after(this::recordCall);
    routes.get("/audit", Access.USER, this::list);
    routes.get("/audit/{id}", Access.USER, this::get);
  }

  private void recordCall(Context ctx) {
    String method = ctx.method().name();
    int status = ctx.statusCode();
    String path = ctx.path();
    boolean api = API_PREFIXES.stream().anyMatch(path::startsWith);
    if (!api || !(CHANGES.contains(method) || status == 401 || status == 403)) {
      return;
    }
    String user = Authenticator.principalIfAny(ctx).map(Principal::user).orElse(null);
    trail.record(AuditRecord.api(user, method, path, status, null));
  }

  private void list(Context ctx) {
    Principal p = Authenticator.principal(ctx);
    Paging paging = Paging.of(ctx);
    String user = blankToNull(ctx.queryParam("user"));
    if (!p.admin()) {
      if (user != null && !user.equals(p.user())) {
        throw new ForbiddenException("User \"" + p.user() + "\" may see only their own audit records;"
            + " an administrator sees everyone's");
      }
      user = p.user();
    }
    AuditQuery q = new AuditQuery(user, blankToNull(ctx.queryParam("chat_user")),
        blankToNull(ctx.queryParam("room")), blankToNull(ctx.queryParam("action")),
        blankToNull(ctx.queryParam("status")), outcome(ctx.queryParam("outcome")),
        time(ctx, "since"), time(ctx, "until"), paging.offset(), paging.all() ? 0 : paging.limit());
    Page<AuditRecord> page = trail.list(q);
    paging.headers(ctx, page.total());
    ctx.json(page.items().stream().map(AuditRecord::wire).toList());
  }

  private void get(Context ctx) {
    Principal p = Authenticator.principal(ctx);
    String id = ctx.pathParam("id");
    AuditRecord r = trail.find(id).filter(found -> p.admin() || p.user().equals(found.user()))
        .orElseThrow(() -> new NotFoundException("Audit record \"" + id + "\" is not found"));
    ctx.json(r.wire());
  }

  private static AuditOutcome outcome(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return AuditOutcome.of(value.strip()).orElseThrow(() -> new BadRequestException("'outcome' must be one of "
        + Arrays.stream(AuditOutcome.values()).map(AuditOutcome::wire).collect(Collectors.joining(", "))
        + ", not \"" + value + "\""));
  }

  private static Instant time(Context ctx, String name) {
    String v = blankToNull(ctx.queryParam(name));
    if (v == null) {
      return null;
    }
    try {
      return v.contains("T") ? Instant.parse(v) : LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new BadRequestException("'" + name + "' must be an ISO-8601 time such as 2026-01-31T12:00:00Z"
          + " or a date such as 2026-01-31, not \"" + v + "\"");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
