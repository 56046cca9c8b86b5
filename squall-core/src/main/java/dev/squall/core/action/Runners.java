package dev.squall.core.action;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * StackStorm's runners and their runner parameters, as StackStorm's {@code runner.yaml} files
 * declare them (st2 {@code contrib/runners/*}). Squall runs the {@link RunnerType#supported()}
 * ones; the others are known by name so that their actions load (with a warning) and their
 * parameters still merge and validate.
 */
public final class Runners {

  private static final String TIMEOUT =
      "Action timeout in seconds. Action will get killed if it doesn't finish in timeout seconds.";
  private static final String KWARG_OP = "Operator to use in front of keyword args i.e. \"--\" or \"-\".";
  private static final String SUDO_PW =
      "Sudo password. To be used when paswordless sudo is not allowed.";
  private static final String VERIFY =
      "Certificate for HTTPS request is verified by default using requests CA bundle which comes"
          + " from Mozilla. Verification using a custom CA bundle is not yet supported. Set to"
          + " False to skip verification.";

  /** Older names StackStorm still accepts for a runner. */
  private static final Map<String, String> ALIASES = Map.of(
      "http-runner", "http-request",
      "orchestra", "orquesta",
      "run-local", "local-shell-cmd",
      "run-local-script", "local-shell-script",
      "run-remote", "remote-shell-cmd",
      "run-remote-script", "remote-shell-script",
      "run-python", "python-script");

  /** The runner plugins on the class path, in the order ServiceLoader finds them. */
  private static final List<RunnerPlugin> PLUGINS = java.util.ServiceLoader
      .load(RunnerPlugin.class, Runners.class.getClassLoader()).stream()
      .map(java.util.ServiceLoader.Provider::get).toList();

  private static final Map<String, RunnerType> BY_NAME = build();

  private Runners() {}

  /**
   * The runners whose executions are workflows, with their tasks as child executions (st2's
   * {@code WORKFLOW_RUNNER_TYPES}): a cancel goes down to them, a task tree shows their children.
   */
  public static final java.util.Set<String> WORKFLOWS = java.util.Set.of("orquesta", "action-chain");

  /** True when executions of {@code runner} are workflows (see {@link #WORKFLOWS}). */
  public static boolean isWorkflow(String runner) {
    return WORKFLOWS.contains(runner);
  }

  /** The runner plugins on the class path (see {@link RunnerPlugin}). */
  public static List<RunnerPlugin> plugins() {
    return PLUGINS;
  }

  /** Every known runner, supported first, then the plugins'. */
  public static List<RunnerType> all() {
    return List.copyOf(BY_NAME.values());
  }

  /** The runner called {@code name} (or by one of its older aliases). */
  public static Optional<RunnerType> find(String name) {
    if (name == null) {
      return Optional.empty();
    }
    RunnerType r = BY_NAME.get(name);
    return Optional.ofNullable(r != null ? r : BY_NAME.get(ALIASES.get(name)));
  }

  /** The known runner name closest to {@code name}, for "did you mean" messages. */
  public static String closest(String name) {
    return Closest.nearest(name, BY_NAME.keySet()).orElseThrow();
  }

  private static Map<String, RunnerType> build() {
    Map<String, RunnerType> m = new LinkedHashMap<>();
    List<Object[]> localCommon = List.<Object[]>of(
        p("cwd", "string", "Working directory where the command will be executed in"),
        p("env", "object", "Environment variables which will be available to the command(e.g."
            + " key1=val1,key2=val2)"),
        p("kwarg_op", "string", KWARG_OP, "default", "--"),
        p("sudo", "boolean", "The command will be executed with sudo.", "default", false),
        p("sudo_password", "string", SUDO_PW, "default", null, "secret", true, "required", false),
        p("timeout", "integer", TIMEOUT, "default", 60));
    add(m, "local-shell-cmd", "A runner to execute local actions as a fixed user.", true,
        concat(List.<Object[]>of(p("cmd", "string", "Arbitrary Linux command to be executed on the host.")),
            localCommon));
    add(m, "local-shell-script", "A runner to execute local actions as a fixed user.", true,
        concat(List.<Object[]>of(
            p("debug", "boolean", "Enable runner debug mode.", "required", false, "default", false),
            p("content_version", "string", "Git revision of the pack content to use for this"
                + " action execution (git commit sha / tag / branch). Only applies to packs which"
                + " are git repositories.", "required", false)), localCommon));
    add(m, "http-request", "HTTP client for running HTTP actions.", true, List.<Object[]>of(
        p("allow_redirects", "boolean",
            "Set to True if POST/PUT/DELETE redirect following is allowed.", "default", false),
        p("cookies", "object", "Optional cookies to send with the request."),
        p("headers", "object", "HTTP headers for the request."),
        p("http_proxy", "string", "URL of HTTP proxy to use (e.g. http://10.10.1.10:3128)."),
        p("https_proxy", "string", "URL of HTTPS proxy to use (e.g. http://10.10.1.10:3128)."),
        p("password", "string", "Password required by basic authentication.", "secret", true),
        p("url", "string", "URL to the HTTP endpoint.", "required", true),
        p("username", "string", "Username required by basic authentication."),
        p("verify_ssl_cert", "boolean", VERIFY, "default", true),
        p("url_hosts_blacklist", "array", "Optional list of hosts (network locations) to"
            + " blacklist (e.g. example.com, 127.0.0.1, ::1, etc.). If action will try to access"
            + " that endpoint, an exception will be thrown and action will be marked as failed.",
            "required", false, "items", Map.of("type", "string")),
        p("url_hosts_whitelist", "array", "Optional list of hosts (network locations) to"
            + " whitelist (e.g. example.com, 127.0.0.1, ::1, etc.). If specified, actions will"
            + " only be able to hit hosts on this whitelist.", "required", false, "items",
            Map.of("type", "string"))));
    add(m, "noop", "A runner that returns a static response regardless of input parameters",
        true, List.of());
    add(m, "squall-post-result", "Squall's runner for chatops.post_result: renders an alias"
        + " execution's result for chat and announces it on the stream.", true, List.of());
    add(m, "squall-packs", "Squall's runner for the packs pack: installs and removes packs"
        + " (StackStorm's packs.install and packs.uninstall workflows in one step).", true, List.of());

    List<Object[]> remoteCommon = List.<Object[]>of(
        p("bastion_host", "string", "The host SSH connections will be proxied through. Note: This"
            + " connection is made using the same parameters as the final connection.",
            "required", false),
        p("cwd", "string", "Working directory where the script will be executed in",
            "default", "/tmp"),
        p("env", "object", "Environment variables which will be available to the command(e.g."
            + " key1=val1,key2=val2)"),
        p("hosts", "string", "A comma delimited string of a list of hosts where the remote"
            + " command will be executed. For example: example1.com,example2.com,example3.com:5555",
            "required", true),
        p("kwarg_op", "string", KWARG_OP, "default", "--"),
        p("parallel", "boolean", "Default to parallel execution.", "default", false,
            "immutable", true),
        p("passphrase", "string", "Passphrase for the private key, if needed.", "required", false,
            "secret", true),
        p("password", "string", "Password used to log in. If not provided, private key from the"
            + " config file is used.", "required", false, "secret", true),
        p("port", "integer", "SSH port. If not specified as part of the hosts list, default port"
            + " will be used (22).", "required", false),
        p("private_key", "string", "Private key material or path to the private key file on disk"
            + " used to log in.", "required", false, "secret", true),
        p("sudo", "boolean", "The remote command will be executed with sudo.", "default", false),
        p("sudo_password", "string", SUDO_PW, "default", null, "required", false, "secret", true),
        p("timeout", "integer", TIMEOUT, "default", 60),
        p("username", "string", "Username used to log-in. If not provided, default username from"
            + " config is used.", "required", false));
    add(m, "remote-shell-cmd", "A remote execution runner that executes actions as a fixed"
        + " system user.", true, concat(List.<Object[]>of(
            p("cmd", "string", "Arbitrary Linux command to be executed on the remote host(s)."),
            p("dir", "string", "The working directory where the script will be copied to on the"
                + " remote host.", "default", "/tmp", "immutable", true)), remoteCommon));
    add(m, "remote-shell-script", "A remote execution runner that executes actions as a fixed"
        + " system user.", true, concat(List.<Object[]>of(
            p("dir", "string", "The working directory where the script will be copied to on the"
                + " remote host.", "default", "/tmp")), remoteCommon));
    add(m, "python-script", "A runner for launching python actions.", true, List.<Object[]>of(
        p("debug", "boolean", "Enable runner debug mode.", "required", false, "default", false),
        p("content_version", "string", "Git revision of the pack content to use for this action"
            + " execution (git commit sha / tag / branch). Only applies to packs which are git"
            + " repositories.", "required", false),
        p("env", "object", "Environment variables which will be available to the script."),
        p("timeout", "integer", TIMEOUT, "default", 600),
        p("log_level", "string", "Default log level for Python runner actions.", "default",
            "DEBUG", "enum", List.of("AUDIT", "CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG"))));
    add(m, "orquesta", "A runner for executing orquesta workflow.", true, List.<Object[]>of(
        p("notify", "array", "List of tasks to trigger notifications for.", "uniqueItems", true,
            "items", Map.of("type", "string", "minLength", 1, "pattern", "^\\w+$"),
            "default", List.of())));
    add(m, "action-chain", "A runner for launching linear action chains.", true, List.<Object[]>of(
        p("display_published", "boolean",
            "Intermediate published variables will be stored and displayed.", "default", true),
        p("skip_notify", "array", "List of tasks to skip notifications for.", "default",
            List.of())));
    add(m, "inquirer", "A runner for Inquiries", true, List.<Object[]>of(
        p("schema", "object", "A JSON schema that will be used to validate the response data",
            "required", true, "default", Map.of("title", "response_data", "type", "object",
                "properties", Map.of("continue", Map.of("type", "boolean", "description",
                    "Would you like to continue the workflow?", "required", true)))),
        p("route", "string", "An arbitrary value for allowing rules to route to proper"
            + " notification channel", "default", "", "required", false),
        p("roles", "array", "A list of roles that are permitted to respond to the action (if"
            + " nothing provided, all are permitted) - REQUIRES RBAC FEATURES", "default",
            List.of(), "required", false),
        p("users", "array", "A list of usernames that are permitted to respond to the action (if"
            + " nothing provided, all are permitted)", "default", List.of(), "required", false),
        p("ttl", "integer", "Time (in minutes) to wait before timing out the inquiry if no"
            + " response is received", "default", 1440, "required", true)));
    add(m, "announcement", "A runner for emitting an announcement event on the stream.", true,
        List.<Object[]>of(
            p("experimental", "boolean",
                "Flag to indicate acknowledgment of using experimental runner", "default", false,
                "required", true),
            p("route", "string", "The routing_key used to route the message to consumers. Might"
                + " be a list of words, delimited by dots.", "default", "general", "maxLength",
                255, "minLength", 1)));
    List<Object[]> winrmCommon = List.<Object[]>of(
        p("cwd", "string", "Working directory where the command will be executed in"),
        p("env", "object", "Environment variables which will be available to the command (e.g."
            + " key1=val1,key2=val2)"),
        p("host", "string", "A host where the command will be run", "required", true),
        p("kwarg_op", "string", "Operator to use in front of keyword args i.e. \"-\" or \"/\".",
            "default", "-"),
        p("password", "string", "Password used to log in.", "required", true, "secret", true),
        p("port", "integer", "WinRM port to connect on. If using port 5985 scheme must be \"http\"",
            "default", 5986, "required", false),
        p("scheme", "string", "Scheme to use in the WinRM URL. If using scheme \"http\" port must"
            + " be 5985", "default", "https", "required", false),
        p("timeout", "integer", TIMEOUT, "default", 60),
        p("transport", "string", "The type of transport that WinRM will use to communicate.",
            "default", "ntlm", "required", false, "enum",
            List.of("basic", "certificate", "credssp", "kerberos", "ntlm", "plaintext", "ssl")),
        p("username", "string", "Username used to log-in.", "required", true),
        p("verify_ssl_cert", "boolean", VERIFY, "default", true));
    add(m, "winrm-cmd", "A remote execution runner that executes a Command Prompt commands via"
        + " WinRM on a remote host", false, concat(List.<Object[]>of(p("cmd", "string",
            "Arbitrary Command Prompt command to be executed on the remote host.")), winrmCommon));
    add(m, "winrm-ps-cmd", "A remote execution runner that executes PowerShell commands via"
        + " WinRM on a remote host", false, concat(List.<Object[]>of(p("cmd", "string",
            "Arbitrary PowerShell command to be executed on the remote host.")), winrmCommon));
    add(m, "winrm-ps-script", "A remote execution runner that executes PowerShell script via"
        + " WinRM on a set of remote hosts", false, winrmCommon);
    add(m, "mistral-v2", "A runner for executing mistral v2 workflow.", false, List.<Object[]>of(
        p("context", "object", "Additional workflow inputs.", "default", Map.of()),
        p("skip_notify", "array", "List of tasks to skip notifications for.", "default",
            List.of()),
        p("task", "string", "The name of the task to run for reverse workflow."),
        p("workflow", "string", "The name of the workflow to run if the entry_point is a"
            + " workbook of many workflows.")));
    add(m, "cloudslang", "A runner to execute CloudSlang flows.", false, List.<Object[]>of(
        p("inputs", "object", "Inputs which will be available to CloudSlang flow execution(e.g."
            + " input1=val1,input2=val2)", "default", Map.of()),
        p("timeout", "integer", TIMEOUT, "default", 60)));
    for (RunnerPlugin plugin : PLUGINS) {
      RunnerType type = plugin.type();
      if (m.containsKey(type.name()) || ALIASES.containsKey(type.name())) {
        throw new IllegalStateException("The runner plugin " + plugin.getClass().getName()
            + " names its runner \"" + type.name() + "\", a name StackStorm's runners use;"
            + " give it another one");
      }
      m.put(type.name(), type);
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /** name, type, description, then key/value pairs of further schema attributes. */
  private static Object[] p(String name, String type, String description, Object... more) {
    Object[] out = new Object[more.length + 5];
    out[0] = name;
    out[1] = "type";
    out[2] = type;
    out[3] = "description";
    out[4] = description;
    System.arraycopy(more, 0, out, 5, more.length);
    return out;
  }

  private static List<Object[]> concat(List<Object[]> a, List<Object[]> b) {
    List<Object[]> out = new ArrayList<>(a);
    out.addAll(b);
    out.sort(java.util.Comparator.comparing(x -> (String) x[0]));
    return out;
  }

  private static void add(Map<String, RunnerType> m, String name, String description,
      boolean supported, List<Object[]> params) {
    Map<String, ParameterSpec> specs = new LinkedHashMap<>();
    for (Object[] p : params) {
      Map<String, Object> decl = new LinkedHashMap<>();
      for (int i = 1; i < p.length; i += 2) {
        decl.put((String) p[i], p[i + 1]);
      }
      specs.put((String) p[0], ParameterSpecs.of((String) p[0], decl));
    }
    m.put(name, new RunnerType(name, description, supported, specs));
  }
}
