package dev.squall.engine.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * A disk that fills up, for H2: a file system under the {@code smalldisk:} prefix whose files
 * may not grow past a byte limit; a write that would grow a file past it fails with the same
 * {@link IOException} ("No space left on device") a full Linux disk gives. Raising the limit is
 * freeing space. Works everywhere (no mount, no root), which a tmpfs of a fixed size does not.
 *
 * <p>H2 finds file systems through its own static registry and builds path objects by
 * reflection, so the limit is necessarily shared: one static value, which the tests using it set
 * and reset themselves.
 */
public final class SmallDisk extends FilePathWrapper {

  private static final String SCHEME = "smalldisk";
  private static final AtomicLong LIMIT = new AtomicLong(Long.MAX_VALUE);

  /** The H2 URL of a file database at {@code file} (no extension) on this disk. */
  public static String jdbcUrl(Path file) {
    FilePath.register(new SmallDisk());
    return "jdbc:h2:" + SCHEME + ":" + file.toAbsolutePath() + StoreConfig.H2_SETTINGS;
  }

  /** Files may grow to {@code bytes} and no further. */
  public static void limitFilesTo(long bytes) {
    LIMIT.set(bytes);
  }

  /** No limit any more: space has been freed. */
  public static void freeSpace() {
    LIMIT.set(Long.MAX_VALUE);
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FileChannel open(String mode) throws IOException {
    return new Limited(getBase().open(mode));
  }

  private static final class Limited extends FileBase {
    private final FileChannel base;

    Limited(FileChannel base) {
      this.base = base;
    }

    private void checkRoom(long position, int length) throws IOException {
      long end = position + length;
      if (end > base.size() && end > LIMIT.get()) {
        throw new IOException("No space left on device");
      }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      checkRoom(base.position(), src.remaining());
      return base.write(src);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      checkRoom(position, src.remaining());
      return base.write(src, position);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return base.read(dst);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return base.read(dst, position);
    }

    @Override
    public long position() throws IOException {
      return base.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      base.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return base.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      base.truncate(size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      base.force(metaData);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return base.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      base.close();
    }
  }
}
