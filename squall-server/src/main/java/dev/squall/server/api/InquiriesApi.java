package dev.squall.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.error.BadRequestException;
import dev.squall.engine.inquiry.Inquiries;
import dev.squall.engine.inquiry.Inquiry;
import dev.squall.engine.inquiry.Responder;
import dev.squall.server.http.Access;
import dev.squall.server.http.Authenticator;
import dev.squall.server.http.Body;
import dev.squall.server.http.Paging;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/inquiries} as StackStorm's 3.9.0 API has it: the waiting inquiries
 * ({@code Inquiry}: id, route, ttl, users, roles, schema), one of them, and {@code PUT} to respond
 * with {@code {"id", "response"}} ({@code InquiryResponseResult}). The permission to call each
 * ({@code inquiry_list|view|respond}) is checked by the authenticator; the inquiry's own
 * {@code users} and {@code roles} by {@link Inquiries}.
 */
public final class InquiriesApi implements Resource {

  private static final Set<String> FIELDS = Set.of("id", "response");

  private final Inquiries inquiries;
  private final ObjectMapper json;

  public InquiriesApi(Inquiries inquiries, ObjectMapper json) {
    this.inquiries = inquiries;
    this.json = json;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/inquiries", Access.USER, this::list);
    routes.get("/inquiries/{id}", Access.USER, ctx -> ctx.json(inquiries.get(ctx.pathParam("id")).toMap()));
    routes.put("/inquiries/{id}", Access.USER, this::respond);
  }

  private void list(Context ctx) {
    List<Map<String, Object>> all = inquiries.list(0).stream().map(Inquiry::toMap).toList();
    ctx.json(Paging.of(ctx).page(all, ctx));
  }

  @SuppressWarnings("unchecked")
  private void respond(Context ctx) {
    String id = ctx.pathParam("id");
    Body body = Body.parse(json, ctx.body(), FIELDS);
    Object response = body.asMap().get("response");
    if (!(response instanceof Map<?, ?>)) {
      throw new BadRequestException("'response' is a required property and must be an object");
    }
    Object given = body.asMap().get("id");
    if (given != null && !String.valueOf(given).equals(id)) {
      throw new BadRequestException("The body's id \"" + given + "\" is not the inquiry's (" + id + ")");
    }
    Map<String, Object> recorded = inquiries.respond(id, (Map<String, Object>) response,
        Responder.api(Authenticator.principal(ctx).user()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", id);
    out.put("response", recorded);
    ctx.json(out);
  }
}
