package dev.squall.engine.rbac;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * StackStorm's permission types ({@code st2common.rbac.types.PermissionType}), each with the
 * resource type it belongs to. The name a role file uses is {@link #value()}, e.g.
 * {@code action_execute}.
 */
public enum PermissionType {
  RUNNER_TYPE_LIST("runner_type"), RUNNER_TYPE_VIEW("runner_type"), RUNNER_TYPE_MODIFY("runner_type"),
  RUNNER_TYPE_ALL("runner_type"),
  PACK_LIST("pack"), PACK_VIEW("pack"), PACK_CREATE("pack"), PACK_MODIFY("pack"), PACK_DELETE("pack"),
  PACK_INSTALL("pack"), PACK_UNINSTALL("pack"), PACK_REGISTER("pack"), PACK_CONFIG("pack"),
  PACK_SEARCH("pack"), PACK_VIEWS_INDEX_HEALTH("pack"), PACK_ALL("pack"),
  SENSOR_TYPE_LIST("sensor_type"), SENSOR_TYPE_VIEW("sensor_type"), SENSOR_TYPE_MODIFY("sensor_type"),
  SENSOR_TYPE_ALL("sensor_type"),
  ACTION_LIST("action"), ACTION_VIEW("action"), ACTION_CREATE("action"), ACTION_MODIFY("action"),
  ACTION_DELETE("action"), ACTION_EXECUTE("action"), ACTION_ALL("action"),
  ACTION_ALIAS_LIST("action_alias"), ACTION_ALIAS_VIEW("action_alias"), ACTION_ALIAS_CREATE("action_alias"),
  ACTION_ALIAS_MODIFY("action_alias"), ACTION_ALIAS_MATCH("action_alias"), ACTION_ALIAS_HELP("action_alias"),
  ACTION_ALIAS_DELETE("action_alias"), ACTION_ALIAS_ALL("action_alias"),
  RULE_LIST("rule"), RULE_VIEW("rule"), RULE_CREATE("rule"), RULE_MODIFY("rule"), RULE_DELETE("rule"),
  RULE_ALL("rule"),
  RULE_ENFORCEMENT_LIST("rule_enforcement"), RULE_ENFORCEMENT_VIEW("rule_enforcement"),
  EXECUTION_LIST("execution"), EXECUTION_VIEW("execution"), EXECUTION_RERUN("execution"),
  EXECUTION_STOP("execution"), EXECUTION_ALL("execution"), EXECUTION_VIEWS_FILTERS_LIST("execution"),
  KEY_VALUE_PAIR_LIST("key_value_pair"), KEY_VALUE_PAIR_VIEW("key_value_pair"),
  KEY_VALUE_PAIR_SET("key_value_pair"), KEY_VALUE_PAIR_DELETE("key_value_pair"),
  KEY_VALUE_PAIR_ALL("key_value_pair"),
  WEBHOOK_LIST("webhook"), WEBHOOK_VIEW("webhook"), WEBHOOK_CREATE("webhook"), WEBHOOK_SEND("webhook"),
  WEBHOOK_DELETE("webhook"), WEBHOOK_ALL("webhook"),
  TIMER_LIST("timer"), TIMER_VIEW("timer"), TIMER_ALL("timer"),
  API_KEY_LIST("api_key"), API_KEY_VIEW("api_key"), API_KEY_CREATE("api_key"), API_KEY_MODIFY("api_key"),
  API_KEY_DELETE("api_key"), API_KEY_ALL("api_key"),
  TRACE_LIST("trace"), TRACE_VIEW("trace"), TRACE_ALL("trace"),
  TRIGGER_LIST("trigger"), TRIGGER_VIEW("trigger"), TRIGGER_ALL("trigger"),
  POLICY_TYPE_LIST("policy_type"), POLICY_TYPE_VIEW("policy_type"), POLICY_TYPE_ALL("policy_type"),
  POLICY_LIST("policy"), POLICY_VIEW("policy"), POLICY_CREATE("policy"), POLICY_MODIFY("policy"),
  POLICY_DELETE("policy"), POLICY_ALL("policy"),
  INQUIRY_LIST("inquiry"), INQUIRY_VIEW("inquiry"), INQUIRY_RESPOND("inquiry"), INQUIRY_ALL("inquiry"),
  STREAM_VIEW("stream");

  /** Types a grant may hold without a resource ({@code GLOBAL_PERMISSION_TYPES}, plus every *_list). */
  private static final Set<PermissionType> GLOBAL = Set.of(PACK_INSTALL, PACK_UNINSTALL, PACK_CREATE,
      PACK_REGISTER, PACK_CONFIG, PACK_SEARCH, PACK_VIEWS_INDEX_HEALTH, ACTION_ALIAS_MATCH,
      ACTION_ALIAS_HELP, API_KEY_CREATE, POLICY_CREATE, EXECUTION_VIEWS_FILTERS_LIST, STREAM_VIEW,
      INQUIRY_LIST, INQUIRY_RESPOND, INQUIRY_VIEW);

  /** The operations whose grant implies {@code view} on the same resource (rbac.rst). */
  private static final Set<String> IMPLY_VIEW = Set.of("create", "modify", "delete", "execute");

  private final String resourceType;

  PermissionType(String resourceType) {
    this.resourceType = resourceType;
  }

  /** The name in role files and API answers, e.g. {@code action_execute}. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The resource type, e.g. {@code action} for {@code action_execute}. */
  public String resourceType() {
    return resourceType;
  }

  /** The operation, e.g. {@code execute} for {@code action_execute}. */
  public String operation() {
    return value().substring(resourceType.length() + 1);
  }

  /** Whether a grant without {@code resource_uid} may hold this type. */
  public boolean global() {
    return GLOBAL.contains(this) || operation().equals("list");
  }

  /** What the {@code observer} role holds: every view, list and search ({@code READ_PERMISSION_NAMES}). */
  public boolean read() {
    return Set.of("view", "list", "search").contains(operation());
  }

  /** Whether a grant of this type also grants {@code other} on the same resource. */
  public boolean implies(PermissionType other) {
    if (this == other) {
      return true;
    }
    if (!resourceType.equals(other.resourceType)) {
      return false;
    }
    return operation().equals("all")
        || other.operation().equals("view") && IMPLY_VIEW.contains(operation());
  }

  public static Optional<PermissionType> of(String value) {
    return Arrays.stream(values()).filter(t -> t.value().equals(value)).findFirst();
  }
}
