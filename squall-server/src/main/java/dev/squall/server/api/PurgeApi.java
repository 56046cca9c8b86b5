package dev.squall.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.error.BadRequestException;
import dev.squall.engine.retention.Purged;
import dev.squall.engine.retention.Retention;
import dev.squall.engine.retention.RetentionSettings.Cutoffs;
import dev.squall.server.http.Access;
import dev.squall.server.http.Body;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/v1/purge} (a Squall extension; StackStorm purges with its {@code st2-purge-*}
 * tools on the server): an administrator removes everything from before a date at once, whatever
 * the {@code retention.*} TTLs: finished executions that ended before it with their output,
 * trigger instances and rule enforcements, and tokens that expired before it.
 */
public final class PurgeApi implements Resource {

  private final Retention retention;
  private final ObjectMapper json;

  public PurgeApi(Retention retention, ObjectMapper json) {
    this.retention = retention;
    this.json = json;
  }

  @Override
  public void register(Routes routes) {
    routes.post("/purge", Access.ADMIN, this::purge);
  }

  private void purge(Context ctx) {
    Body body = Body.parse(json, ctx.body(), Set.of("before"));
    Instant before = instant(body.string("before", true));
    Purged p = retention.purge(Cutoffs.all(before));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("before", before.toString());
    out.put("executions", p.executions());
    out.put("outputs", p.outputs());
    out.put("trigger_instances", p.triggerInstances());
    out.put("rule_enforcements", p.ruleEnforcements());
    out.put("tokens", p.tokens());
    out.put("audit_records", p.auditRecords());
    ctx.json(out);
  }

  /** An ISO-8601 instant, or a date meaning its first moment in UTC. */
  static Instant instant(String text) {
    try {
      return text.contains("T") ? Instant.parse(text)
          : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new BadRequestException("'before' must be a date such as 2026-01-31 or a time such as"
          + " 2026-01-31T12:00:00Z, not \"" + text + "\"");
    }
  }
}
