package dev.squall.engine.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store on a disk that fills up ({@link SmallDisk}). */
class H2StoreOutageTest extends StoreOutageContract {

  @TempDir Path home;

  @Override
  protected StoreConfig freshStore() {
    return new StoreConfig(SmallDisk.jdbcUrl(home.resolve("squall")), "sa", "", 8);
  }

  /** The disk is full: the database file may not grow by more than a few kilobytes. */
  @Override
  protected void breakStore() {
    try {
      SmallDisk.limitFilesTo(Files.size(home.resolve("squall.mv.db")) + 16 * 1024);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected void repair() {
    SmallDisk.freeSpace();
  }
}
