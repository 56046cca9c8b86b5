package dev.squall.core.problem;

import java.nio.file.Path;

/**
 * Something wrong (or worth a warning) in a pack's files, located as precisely as the YAML allows.
 * Printed as {@code file:line: severity: message}, the form editors and CI logs link to.
 *
 * @param line 1-based, or 0 when the problem concerns the file as a whole
 */
public record Problem(Severity severity, Path file, int line, String message) {

  public enum Severity { ERROR, WARNING }

  public static Problem error(Path file, int line, String message) {
    return new Problem(Severity.ERROR, file, line, message);
  }

  public static Problem warning(Path file, int line, String message) {
    return new Problem(Severity.WARNING, file, line, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public String toString() {
    String where = line > 0 ? file + ":" + line : String.valueOf(file);
    return where + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
  }
}
