package dev.squall.engine.audit.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of the audit trail: a chat command addressed to the bot, an API call that changes
 * something, or a denial. Fields that do not apply to its kind are null (an API call has no room;
 * a chat command has no HTTP method).
 *
 * @param id 24 hex digits, sorting by creation time
 * @param kind where the request came from
 * @param chatUser the chat identity, {@code adapter:user id}
 * @param user the Squall user the request ran as (or was refused as)
 * @param command the command text, with the values of secret parameters masked
 * @param parameters the parameters given to the action, secret ones masked
 * @param executionIds the executions the request started
 * @param status the final status of those executions once the last ended ({@code succeeded}
 *     when all did, else the first other one), null until then
 * @param approvals who approved or rejected the executions, from their context's
 *     {@code squall.approvals}: {@code {user, chat, decision, at}} each
 * @param detail why it was refused or denied (the permission needed, the reason given)
 * @param endedAt when the status was filled in
 */
public record AuditRecord(
    String id,
    Instant at,
    AuditKind kind,
    AuditOutcome outcome,
    String user,
    String adapter,
    String room,
    String thread,
    String chatUser,
    String command,
    String aliasRef,
    String actionRef,
    Map<String, Object> parameters,
    List<String> executionIds,
    String status,
    List<Map<String, Object>> approvals,
    String method,
    String path,
    Integer httpStatus,
    String detail,
    Instant endedAt) {

  public AuditRecord {
    parameters = parameters == null ? Map.of() : parameters;
    executionIds = executionIds == null ? List.of() : List.copyOf(executionIds);
    approvals = approvals == null ? List.of() : approvals;
  }

  /** A chat command, before the trail gives it an id and a time. */
  public static AuditRecord chat(AuditOutcome outcome, String user, String adapter, String room,
      String thread, String chatUser, String command, String aliasRef, String actionRef,
      Map<String, Object> parameters, List<String> executionIds, String detail) {
    return new AuditRecord(null, null, AuditKind.CHAT, outcome, user, adapter, room, thread, chatUser,
        command, aliasRef, actionRef, parameters, executionIds, null, List.of(), null, null, null,
        detail, null);
  }

  /** An API call, before the trail gives it an id and a time. */
  public static AuditRecord api(String user, String method, String path, int httpStatus, String detail) {
    return new AuditRecord(null, null, AuditKind.API, AuditOutcome.ofHttpStatus(httpStatus), user, null,
        null, null, null, null, null, null, Map.of(), List.of(), null, List.of(), method, path, httpStatus,
        detail, null);
  }

  public AuditRecord identified(String newId, Instant time) {
    return new AuditRecord(newId, time, kind, outcome, user, adapter, room, thread, chatUser, command,
        aliasRef, actionRef, parameters, executionIds, status, approvals, method, path, httpStatus,
        detail, endedAt);
  }

  public AuditRecord ended(String finalStatus, List<Map<String, Object>> given, Instant time) {
    return new AuditRecord(id, at, kind, outcome, user, adapter, room, thread, chatUser, command,
        aliasRef, actionRef, parameters, executionIds, finalStatus, given, method, path, httpStatus,
        detail, time);
  }

  /** The record as the API shows it and the audit file writes it (snake case, nulls left out). */
  public Map<String, Object> wire() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("at", at == null ? null : at.toString());
    m.put("kind", kind.wire());
    m.put("outcome", outcome.wire());
    m.put("user", user);
    m.put("adapter", adapter);
    m.put("room", room);
    m.put("thread", thread);
    m.put("chat_user", chatUser);
    m.put("command", command);
    m.put("alias", aliasRef);
    m.put("action", actionRef);
    m.put("parameters", parameters);
    m.put("execution_ids", executionIds);
    m.put("status", status);
    m.put("approvals", approvals);
    m.put("method", method);
    m.put("path", path);
    m.put("http_status", httpStatus);
    m.put("detail", detail);
    m.put("ended_at", endedAt == null ? null : endedAt.toString());
    m.values().removeIf(java.util.Objects::isNull);
    return m;
  }
}
