package dev.squall.engine.runner;

import dev.squall.core.action.ParameterSpec;
import dev.squall.core.action.RunnerType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runner parameters of the built-in runners, as StackStorm's {@code runner.yaml} files
 * declare them (names, types, defaults, secrets), so that actions written for StackStorm get the
 * same defaults and the API lists the same runner types.
 */
final class RunnerTypes {

  private RunnerTypes() {}

  static Map<String, RunnerType> all() {
    Map<String, RunnerType> out = new LinkedHashMap<>();
    add(out, new RunnerType("noop", "A runner that does nothing and succeeds.", true, Map.of()));
    add(out, new RunnerType("local-shell-cmd",
        "A runner to execute local actions as a fixed user.", true, params(
            spec("cmd", "string", null, "Arbitrary Linux command to be executed on the host."),
            shared())));
    add(out, new RunnerType("local-shell-script",
        "A runner to execute local actions as a fixed user.", true, params(
            spec("debug", "boolean", false, "Enable runner debug mode."),
            spec("content_version", "string", null, "Git revision of the pack content to use "
                + "for this action execution (not supported by Squall: ignored)."),
            shared())));
    add(out, new RunnerType("http-request", "HTTP client for running HTTP actions.", true,
        params(
            spec("allow_redirects", "boolean", false,
                "Set to True if POST/PUT/DELETE redirect following is allowed."),
            spec("cookies", "object", null, "Optional cookies to send with the request."),
            spec("headers", "object", null, "HTTP headers for the request."),
            spec("http_proxy", "string", null, "URL of HTTP proxy to use (e.g. http://10.10.1.10:3128)."),
            spec("https_proxy", "string", null, "URL of HTTPS proxy to use (e.g. http://10.10.1.10:3128)."),
            secret(spec("password", "string", null, "Password required by basic authentication.")),
            required(spec("url", "string", null, "URL to the HTTP endpoint.")),
            spec("username", "string", null, "Username required by basic authentication."),
            spec("verify_ssl_cert", "boolean", true,
                "Verify the server's TLS certificate. Set to False to skip verification."),
            spec("url_hosts_blacklist", "array", null,
                "Hosts the URL may not point to (mutually exclusive with url_hosts_whitelist)."),
            spec("url_hosts_whitelist", "array", null,
                "The only hosts the URL may point to (mutually exclusive with url_hosts_blacklist)."))));
    return java.util.Collections.unmodifiableMap(out);
  }

  private static ParameterSpec[] shared() {
    return new ParameterSpec[] {
        spec("cwd", "string", null, "Working directory where the command will be executed in"),
        spec("env", "object", null,
            "Environment variables which will be available to the command (e.g. key1=val1,key2=val2)"),
        spec("kwarg_op", "string", "--", "Operator to use in front of keyword args i.e. \"--\" or \"-\"."),
        spec("sudo", "boolean", false, "The command will be executed with sudo."),
        secret(spec("sudo_password", "string", null,
            "Sudo password. Not supported by Squall, which only uses passwordless sudo.")),
        spec("timeout", "integer", 60, "Action timeout in seconds. Action will get killed if it "
            + "doesn't finish in timeout seconds."),
    };
  }

  private static void add(Map<String, RunnerType> out, RunnerType type) {
    out.put(type.name(), type);
  }

  private static Map<String, ParameterSpec> params(Object... specs) {
    Map<String, ParameterSpec> out = new LinkedHashMap<>();
    for (Object o : specs) {
      if (o instanceof ParameterSpec p) {
        out.put(p.name(), p);
      } else {
        for (ParameterSpec p : (ParameterSpec[]) o) {
          out.put(p.name(), p);
        }
      }
    }
    return out;
  }

  private static ParameterSpec spec(String name, String type, Object defaultValue,
      String description) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", type);
    schema.put("description", description);
    if (defaultValue != null) {
      schema.put("default", defaultValue);
    }
    return new ParameterSpec(name, type, false, defaultValue, null, false, false, null,
        description, java.util.Collections.unmodifiableMap(schema));
  }

  private static ParameterSpec secret(ParameterSpec p) {
    Map<String, Object> schema = new LinkedHashMap<>(p.schema());
    schema.put("secret", true);
    return new ParameterSpec(p.name(), p.type(), p.required(), p.defaultValue(), null, false,
        true, null, p.description(), java.util.Collections.unmodifiableMap(schema));
  }

  private static ParameterSpec required(ParameterSpec p) {
    Map<String, Object> schema = new LinkedHashMap<>(p.schema());
    schema.put("required", true);
    return new ParameterSpec(p.name(), p.type(), true, p.defaultValue(), null, false,
        p.secret(), null, p.description(), java.util.Collections.unmodifiableMap(schema));
  }
}
