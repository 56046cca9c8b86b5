package dev.squall.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@code $SQUALL_HOME/squall.pid}: which process serves this home, for {@code squall stop}. */
final class PidFile {

  private PidFile() {}

  static Path write(Path home) {
    Path file = home.resolve("squall.pid");
    try {
      Files.writeString(file, ProcessHandle.current().pid() + "\n");
      PrivateFiles.file(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return file;
  }

  /** Removes the file if it still names this process (a newer server may have replaced it). */
  static void remove(Path file) {
    if (read(file).filter(h -> h.pid() == ProcessHandle.current().pid()).isPresent()) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a stale file is detected by the next reader: its process is gone
      }
    }
  }

  /** The live Squall server the file names, if any: a stale file or a reused pid gives none. */
  static Optional<ProcessHandle> read(Path file) {
    try {
      long pid = Long.parseLong(Files.readString(file).trim());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(PidFile::isSquall);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean isSquall(ProcessHandle p) {
    if (p.pid() == ProcessHandle.current().pid()) {
      return true;
    }
    Path cmdline = Path.of("/proc/" + p.pid() + "/cmdline"); // whole; ProcessHandle.Info may cut it
    try {
      if (Files.isReadable(cmdline)) {
        return new String(Files.readAllBytes(cmdline), java.nio.charset.StandardCharsets.UTF_8)
            .contains(Main.class.getName());
      }
    } catch (IOException gone) {
      return false;
    }
    return p.info().arguments().map(args -> java.util.Arrays.asList(args).contains(Main.class.getName()))
        .orElse(true); // arguments hidden (another user): trust the file
  }
}
