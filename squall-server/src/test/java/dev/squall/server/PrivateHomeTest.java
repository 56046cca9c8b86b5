package dev.squall.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything Squall writes under its home is its account's alone: files 600, folders 700. */
class PrivateHomeTest {

  @TempDir Path parent;

  @Test
  void filesUnderTheHomeAre600AndFolders700AfterAStartAndAfterStopping() throws IOException {
    Path home = parent.resolve("home");
    try (RunningSquall squall = RunningSquall.startIn(home, Map.of())) {
      squall.runToEnd("core.local", Map.of("cmd", "echo hi"));
      assertThat(squall.call("PUT", "/api/v1/configs/testpack", "{\"api_token\": \"t\"}")
          .status()).isEqualTo(200);
      assertPrivate(home);
    }
    assertPrivate(home);
  }

  @Test
  void aHomeLeftOpenByAnOlderStartIsTightened() throws IOException {
    Path home = parent.resolve("old");
    try (RunningSquall squall = RunningSquall.startIn(home, Map.of())) {
      assertThat(squall.url()).isNotNull();
    }
    try (Stream<Path> all = Files.walk(home)) {
      for (Path p : all.toList()) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
            Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    try (RunningSquall squall = RunningSquall.startIn(home, Map.of())) {
      assertPrivate(home);
    }
  }

  private static void assertPrivate(Path home) throws IOException {
    List<Path> all;
    try (Stream<Path> walk = Files.walk(home)) {
      all = walk.toList();
    }
    assertThat(all).anyMatch(p -> p.getFileName().toString().endsWith(".mv.db"))
        .anyMatch(p -> p.getFileName().toString().equals("datastore.key"))
        .anyMatch(p -> p.getFileName().toString().equals("token"))
        .anyMatch(p -> p.getFileName().toString().equals("configs"));
    for (Path p : all) {
      String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
      assertThat(mode).as("%s", home.relativize(p))
          .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
    }
  }
}
