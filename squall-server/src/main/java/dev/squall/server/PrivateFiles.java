package dev.squall.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What Squall keeps under {@code $SQUALL_HOME} (the database, the datastore key, the CLI token,
 * the runners' work folder) is its account's alone: folders 700, files 600. The JVM cannot set a
 * umask, and H2 creates its files with the process's (often 644), so the database folder is
 * made private before H2 writes in it and what is in it is tightened after it opens and when it
 * closes. Nothing is done on a file system without POSIX permissions.
 */
final class PrivateFiles {

  private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {}

  /** Creates {@code dir} if needed and makes it 700, whoever created it. */
  static Path folder(Path dir) throws IOException {
    Files.createDirectories(dir);
    set(dir, FOLDER);
    return dir;
  }

  /** Makes every file under {@code dir} 600 and every folder 700 ({@code dir} included). */
  static void tighten(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (Files.isSymbolicLink(p)) {
          continue; // not ours to change
        }
        set(p, Files.isDirectory(p) ? FOLDER : FILE);
      }
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** A file of Squall's, 600 if it exists. */
  static void file(Path file) throws IOException {
    if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      set(file, FILE);
    }
  }

  private static void set(Path p, Set<PosixFilePermission> mode) throws IOException {
    try {
      if (!Files.getPosixFilePermissions(p).equals(mode)) {
        Files.setPosixFilePermissions(p, mode);
      }
    } catch (UnsupportedOperationException notPosix) {
      // nothing to tighten on this file system
    } catch (java.nio.file.NoSuchFileException gone) {
      // a temporary file H2 removed meanwhile
    }
  }
}
