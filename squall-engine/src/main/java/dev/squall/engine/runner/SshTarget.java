package dev.squall.engine.runner;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One host of the {@code hosts} runner parameter.
 *
 * @param label the host as the user wrote it: the key of its entry in the result
 */
record SshTarget(String label, String host, int port) {

  static final int DEFAULT_PORT = 22;

  /**
   * StackStorm's comma-separated list: {@code name}, {@code name:port}, {@code [v6]:port};
   * duplicates are run once.
   */
  static List<SshTarget> parse(String hosts, Integer defaultPort) {
    int fallback = defaultPort == null ? DEFAULT_PORT : defaultPort;
    Set<String> seen = new LinkedHashSet<>();
    List<SshTarget> out = new ArrayList<>();
    for (String part : hosts == null ? new String[0] : hosts.split(",")) {
      String label = part.strip();
      if (label.isEmpty() || !seen.add(label)) {
        continue;
      }
      out.add(of(label, fallback));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("Parameter \"hosts\" names no host: \"" + hosts + "\"");
    }
    return out;
  }

  private static SshTarget of(String label, int fallback) {
    String host = label;
    String port = null;
    if (label.startsWith("[")) {
      int end = label.indexOf(']');
      if (end < 0) {
        throw new IllegalArgumentException("Host \"" + label + "\" lacks its closing ]");
      }
      host = label.substring(1, end);
      if (label.length() > end + 1) {
        if (label.charAt(end + 1) != ':') {
          throw new IllegalArgumentException("Host \"" + label + "\": expected :port after ]");
        }
        port = label.substring(end + 2);
      }
    } else if (label.indexOf(':') >= 0 && label.indexOf(':') == label.lastIndexOf(':')) {
      host = label.substring(0, label.indexOf(':'));
      port = label.substring(label.indexOf(':') + 1);
    }
    if (host.isEmpty() || host.startsWith("-") || !host.matches("[A-Za-z0-9._:%-]+")) {
      throw new IllegalArgumentException("Host \"" + label + "\" is not a host name or address");
    }
    int number = fallback;
    if (port != null) {
      try {
        number = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        number = -1;
      }
      if (number < 1 || number > 65535) {
        throw new IllegalArgumentException("Host \"" + label + "\" has no valid port");
      }
    }
    return new SshTarget(label, host, number);
  }
}
