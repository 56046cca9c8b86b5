package dev.squall.core.template;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version, with the operations of Python's {@code semver} package that StackStorm's
 * {@code version_*} filters use (compare, match, bump, strip patch).
 */
record SemVer(long major, long minor, long patch, String prerelease, String build)
    implements Comparable<SemVer> {

  private static final Pattern SEMVER = Pattern.compile(
      "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
          + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$");
  private static final Pattern MATCH_EXPR = Pattern.compile("^(<=|>=|==|!=|<|>)(.*)$");

  static SemVer parse(Object value) {
    String text = TemplateText.str(value).strip();
    Matcher m = SEMVER.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(text + " is not valid SemVer string");
    }
    return new SemVer(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
        Long.parseLong(m.group(3)), m.group(4), m.group(5));
  }

  /** semver.match: {@code match_expr} is an operator followed by a version, e.g. {@code >=1.2.0}. */
  boolean matches(String matchExpression) {
    Matcher m = MATCH_EXPR.matcher(matchExpression.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("match_expr parameter should be in format <op><ver>, where"
          + " <op> is one of ['<', '>', '==', '<=', '>=', '!=']. You provided: '" + matchExpression + "'");
    }
    int c = compareTo(parse(m.group(2)));
    return switch (m.group(1)) {
      case "<" -> c < 0;
      case ">" -> c > 0;
      case "<=" -> c <= 0;
      case ">=" -> c >= 0;
      case "==" -> c == 0;
      default -> c != 0;
    };
  }

  SemVer bumpMajor() {
    return new SemVer(major + 1, 0, 0, null, null);
  }

  SemVer bumpMinor() {
    return new SemVer(major, minor + 1, 0, null, null);
  }

  SemVer bumpPatch() {
    return new SemVer(major, minor, patch + 1, null, null);
  }

  String majorMinor() {
    return major + "." + minor;
  }

  /** SemVer 2.0 precedence: build metadata is ignored; a prerelease sorts before its release. */
  @Override
  public int compareTo(SemVer o) {
    int c = Long.compare(major, o.major);
    if (c == 0) {
      c = Long.compare(minor, o.minor);
    }
    if (c == 0) {
      c = Long.compare(patch, o.patch);
    }
    if (c != 0) {
      return Integer.signum(c);
    }
    if (prerelease == null || o.prerelease == null) {
      return prerelease == null ? (o.prerelease == null ? 0 : 1) : -1;
    }
    String[] a = prerelease.split("\\.");
    String[] b = o.prerelease.split("\\.");
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      boolean an = a[i].matches("\\d+");
      boolean bn = b[i].matches("\\d+");
      int d = an && bn ? new java.math.BigInteger(a[i]).compareTo(new java.math.BigInteger(b[i]))
          : an ? -1 : bn ? 1 : a[i].compareTo(b[i]);
      if (d != 0) {
        return Integer.signum(d);
      }
    }
    return Integer.signum(Integer.compare(a.length, b.length));
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch
        + (prerelease == null ? "" : "-" + prerelease) + (build == null ? "" : "+" + build);
  }
}
