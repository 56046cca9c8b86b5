package dev.squall.engine.packs;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code pack install} was given, as StackStorm reads it: a git URL with an optional
 * {@code =ref} (tag, branch or commit), a local folder, or a pack name with an optional
 * {@code =version} resolved through the pack index.
 */
public sealed interface PackSource {

  /** The text as the user gave it, for messages. */
  String text();

  record Git(String text, String url, String ref) implements PackSource {}

  record Folder(String text, Path dir) implements PackSource {}

  record Indexed(String text, String name, String version) implements PackSource {}

  static PackSource parse(String text) {
    String s = text.strip();
    if (isGitUrl(s)) {
      // "=" after the path's last "/" separates the ref; a URL's query may hold "=" too.
      int slash = s.lastIndexOf('/');
      int eq = s.indexOf('=', Math.max(slash, 0));
      return eq < 0 ? new Git(s, s, null) : new Git(s, s.substring(0, eq), s.substring(eq + 1));
    }
    if (s.startsWith("/") || s.startsWith(".") || s.startsWith("~") || Files.isDirectory(Path.of(s))) {
      Path dir = Path.of(s.startsWith("~") ? System.getProperty("user.home") + s.substring(1) : s);
      return new Folder(s, dir.toAbsolutePath().normalize());
    }
    int eq = s.indexOf('=');
    return eq < 0 ? new Indexed(s, s, null) : new Indexed(s, s.substring(0, eq), s.substring(eq + 1));
  }

  private static boolean isGitUrl(String s) {
    return s.startsWith("https://") || s.startsWith("http://") || s.startsWith("git://")
        || s.startsWith("ssh://") || s.startsWith("file://") || s.matches("[\\w.-]+@[\\w.-]+:.*");
  }
}
