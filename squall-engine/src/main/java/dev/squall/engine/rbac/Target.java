package dev.squall.engine.rbac;

/**
 * What a permission is asked on, as StackStorm names it: a resource type and its uid
 * ({@code action:core:local}, {@code pack:core}, {@code execution:<id>}), the pack it lives in
 * (for pack-wide grants), and for an execution its action (executions inherit their action's
 * grants). {@link #GLOBAL} is for list and global permissions.
 */
public record Target(String type, String uid, String pack, String actionRef) {

  public static final Target GLOBAL = new Target(null, null, null, null);

  public static Target pack(String pack) {
    return new Target("pack", "pack:" + pack, pack, null);
  }

  /** A resource that lives in a pack: {@code ref} is {@code pack.name}. */
  public static Target inPack(String type, String ref) {
    int dot = ref.indexOf('.');
    String pack = dot < 0 ? ref : ref.substring(0, dot);
    String name = dot < 0 ? "" : ref.substring(dot + 1);
    return new Target(type, type + ":" + pack + ":" + name, pack, null);
  }

  public static Target action(String ref) {
    return inPack("action", ref);
  }

  public static Target alias(String ref) {
    return inPack("action_alias", ref);
  }

  public static Target rule(String ref) {
    return inPack("rule", ref);
  }

  public static Target execution(String id, String actionRef) {
    return new Target("execution", "execution:" + id, null, actionRef);
  }

  /** A datastore key: {@code scope} is {@code st2kv.system} or {@code st2kv.user}. */
  public static Target key(String scope, String name) {
    return new Target("key_value_pair", "key_value_pair:" + scope + ":" + name, null, null);
  }

  public static Target webhook(String name) {
    return new Target("webhook", "webhook:" + name, null, null);
  }

  /** How a denial names it: the uid, or the action ref for an action. */
  public String describe() {
    if (uid == null) {
      return "everything";
    }
    return type.equals("action") || type.equals("action_alias") || type.equals("rule")
        ? pack + "." + uid.substring(uid.indexOf(':', type.length() + 1) + 1) : uid;
  }
}
