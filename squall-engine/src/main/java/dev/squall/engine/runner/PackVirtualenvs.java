package dev.squall.engine.runner;

import dev.squall.core.error.UnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One virtualenv per pack, as StackStorm keeps them: {@code python3 -m venv} (with the system
 * site packages when configured), then {@code pip install -r requirements.txt}. A virtualenv is
 * made before the pack's first Python action and made again when its requirements or the Python
 * settings change (a stamp in the virtualenv records what it was made from). A failure is
 * remembered until then, so each later execution fails at once with the same message.
 */
public final class PackVirtualenvs {

  /** Long enough for a slow index; pip that hangs longer is killed with its tree. */
  static final Duration PIP_TIMEOUT = Duration.ofMinutes(10);

  private static final String STAMP = ".squall-stamp";
  private static final Pattern NAMED = Pattern.compile(
      "(?:No matching distribution found for|satisfies the requirement)\\s+(\\S+)");

  private final PythonSettings python;
  private final ProcessRun processes;
  private final RunnerSettings settings;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final Map<String, Failure> failures = new ConcurrentHashMap<>();

  private record Failure(String stamp, String message) {}

  public PackVirtualenvs(PythonSettings python, RunnerSettings settings) {
    this.python = python;
    this.settings = settings;
    this.processes = new ProcessRun(settings);
  }

  public PythonSettings python() {
    return python;
  }

  /** The folder of {@code pack}'s virtualenv. */
  public Path dir(String pack) {
    return python.virtualenvs().resolve(pack);
  }

  /**
   * The pack's virtualenv, made first when missing or stale.
   *
   * @throws UnavailableException naming the requirement pip could not install, with pip's output
   */
  public Path ensure(String pack, Path packDir) {
    if (!pack.matches("[a-z0-9_]+")) {
      throw new UnavailableException("Pack name \"" + pack + "\" cannot have a virtualenv: only"
          + " lower-case letters, digits and _ are allowed (as in StackStorm)");
    }
    synchronized (locks.computeIfAbsent(pack, p -> new Object())) {
      String stamp = stamp(packDir);
      Path venv = dir(pack);
      if (stamp.equals(readStamp(venv)) && Files.isExecutable(venv.resolve("bin/python"))) {
        return venv;
      }
      Failure failed = failures.get(pack);
      if (failed != null && failed.stamp().equals(stamp)) {
        throw new UnavailableException(failed.message());
      }
      try {
        create(pack, packDir, venv);
        writeStamp(venv, stamp);
        failures.remove(pack);
        return venv;
      } catch (UnavailableException e) {
        failures.put(pack, new Failure(stamp, e.getMessage()));
        throw e;
      }
    }
  }

  /** (Re)creates the virtualenv of a pack now, whatever its state. */
  public Path recreate(String pack, Path packDir) {
    synchronized (locks.computeIfAbsent(pack, p -> new Object())) {
      failures.remove(pack);
      deleteTree(dir(pack));
    }
    return ensure(pack, packDir);
  }

  private void create(String pack, Path packDir, Path venv) {
    deleteTree(venv);
    List<String> requirements = requirements(packDir);
    List<String> make = new ArrayList<>(List.of(python.interpreter(), "-m", "venv"));
    if (python.systemSitePackages()) {
      make.add("--system-site-packages");
    }
    if (requirements.isEmpty()) {
      make.add("--without-pip"); // nothing to install: a second instead of several
    }
    make.add(venv.toString());
    run(pack, make, "could not create its virtualenv with " + python.interpreter());
    if (!requirements.isEmpty()) {
      List<String> pip = new ArrayList<>(List.of(venv.resolve("bin/python").toString(), "-m",
          "pip", "install", "--disable-pip-version-check", "--no-input"));
      pip.addAll(python.pipArgs());
      pip.addAll(List.of("-r", packDir.resolve("requirements.txt").toString()));
      run(pack, pip, "could not install its requirements.txt");
    }
  }

  private void run(String pack, List<String> argv, String what) {
    ProcessRun.Outcome out;
    try {
      Files.createDirectories(python.virtualenvs());
      out = processes.run(argv, python.virtualenvs(), settings.baseEnv(), PIP_TIMEOUT,
          OutputSink.DISCARD, ProcessRecorder.NONE);
    } catch (IOException e) {
      throw new UnavailableException("Pack \"" + pack + "\" " + what + ": " + e.getMessage());
    }
    if (out.end() == ProcessRun.End.EXITED && out.exitCode() == 0) {
      return;
    }
    String output = (out.stdout() + "\n" + out.stderr()).strip();
    Matcher named = NAMED.matcher(output);
    String requirement = named.find() ? " (requirement \"" + named.group(1) + "\")" : "";
    String how = out.end() == ProcessRun.End.TIMED_OUT ? "timed out after " + PIP_TIMEOUT
        : "exit code " + out.exitCode();
    throw new UnavailableException("Pack \"" + pack + "\" " + what + requirement + ", " + how
        + ": " + tail(output));
  }

  /** The meaningful lines of requirements.txt (none when there is no file). */
  public static List<String> requirements(Path packDir) {
    Path file = packDir.resolve("requirements.txt");
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    } catch (IOException e) {
      throw new UnavailableException("Cannot read " + file + ": " + e.getMessage());
    }
  }

  /** What the virtualenv is made from: requirements and settings, hashed. */
  private String stamp(Path packDir) {
    String what = String.join("\n", requirements(packDir)) + "\0" + python.interpreter() + "\0"
        + python.systemSitePackages() + "\0" + String.join(" ", python.pipArgs());
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(what.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void writeStamp(Path venv, String stamp) {
    try {
      Files.writeString(venv.resolve(STAMP), stamp);
    } catch (IOException e) {
      throw new UnavailableException("Cannot write " + venv.resolve(STAMP) + ": " + e);
    }
  }

  /**
   * What {@code venv} was made from and when, so that a warm worker of an older making is
   * replaced (empty when it has no stamp).
   */
  static String version(Path venv) {
    try {
      return readStamp(venv) + "@" + Files.getLastModifiedTime(venv.resolve(STAMP)).toMillis();
    } catch (IOException e) {
      return "";
    }
  }

  private static String readStamp(Path venv) {
    try {
      return Files.readString(venv.resolve(STAMP)).strip();
    } catch (IOException e) {
      return "";
    }
  }

  private static String tail(String output) {
    List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UnavailableException("Cannot remove the old virtualenv " + dir + ": " + e);
    }
  }
}
