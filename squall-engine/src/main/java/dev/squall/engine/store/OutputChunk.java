package dev.squall.engine.store;

import dev.squall.engine.execution.model.OutputLine;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Several consecutive output lines of one execution as one stored value: one row and one
 * compressed blob instead of a row (key, index entry, timestamp) per line, which made 64.5 MB of
 * output a 754 MB database.
 *
 * <p>Layout before compression: a version byte, the line count, the first seq and first
 * timestamp (epoch microseconds, the store's precision), then column by column: stream codes,
 * seq steps, timestamp steps, text lengths and the UTF-8 texts. Columns compress far better than
 * interleaved records (the steps are nearly all 1 and 0). The whole is deflated.
 */
public final class OutputChunk {

  private static final int VERSION = 1;
  private static final int STDOUT = 0;
  private static final int STDERR = 1;
  private static final int OTHER = 2;

  private OutputChunk() {}

  /** The lines (one execution's, in seq order) as a compressed blob. */
  public static byte[] encode(List<OutputLine> lines) {
    Bytes head = new Bytes();
    Bytes streams = new Bytes();
    Bytes seqs = new Bytes();
    Bytes times = new Bytes();
    Bytes lengths = new Bytes();
    Bytes texts = new Bytes();
    head.write(VERSION);
    head.varint(lines.size());
    long prevSeq = lines.isEmpty() ? 0 : lines.getFirst().seq();
    long prevMicros = lines.isEmpty() ? 0 : micros(lines.getFirst().timestamp());
    head.varint(zigzag(prevSeq));
    head.varint(zigzag(prevMicros));
    for (OutputLine l : lines) {
      switch (l.stream()) {
        case "stdout" -> streams.write(STDOUT);
        case "stderr" -> streams.write(STDERR);
        default -> {
          streams.write(OTHER);
          streams.text(l.stream());
        }
      }
      seqs.varint(zigzag(l.seq() - prevSeq));
      prevSeq = l.seq();
      long m = micros(l.timestamp());
      times.varint(zigzag(m - prevMicros));
      prevMicros = m;
      byte[] text = l.line().getBytes(StandardCharsets.UTF_8);
      lengths.varint(text.length);
      texts.write(text, 0, text.length);
    }
    for (Bytes column : List.of(streams, seqs, times, lengths, texts)) {
      column.writeTo(head);
    }
    return deflate(head.toByteArray());
  }

  /** The lines of a blob written by {@link #encode}, in the order they were written. */
  public static List<OutputLine> decode(String executionId, byte[] blob) {
    ByteBuffer in = ByteBuffer.wrap(inflate(blob));
    int version = in.get();
    if (version != VERSION) {
      throw new StoreException("stored output has unknown format " + version, null);
    }
    int count = (int) varint(in);
    long seq = unzigzag(varint(in));
    long micros = unzigzag(varint(in));
    String[] stream = new String[count];
    for (int i = 0; i < count; i++) {
      int code = in.get();
      stream[i] = switch (code) {
        case STDOUT -> "stdout";
        case STDERR -> "stderr";
        default -> text(in, (int) varint(in));
      };
    }
    long[] seqs = new long[count];
    for (int i = 0; i < count; i++) {
      seq += unzigzag(varint(in));
      seqs[i] = seq;
    }
    long[] times = new long[count];
    for (int i = 0; i < count; i++) {
      micros += unzigzag(varint(in));
      times[i] = micros;
    }
    int[] lengths = new int[count];
    for (int i = 0; i < count; i++) {
      lengths[i] = (int) varint(in);
    }
    List<OutputLine> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      lines.add(new OutputLine(executionId, seqs[i], stream[i], text(in, lengths[i]),
          Instant.ofEpochSecond(Math.floorDiv(times[i], 1_000_000L),
              Math.floorMod(times[i], 1_000_000L) * 1_000L)));
    }
    return lines;
  }

  private static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  private static long varint(ByteBuffer in) {
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = in.get();
      v |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return v;
      }
    }
  }

  private static String text(ByteBuffer in, int length) {
    String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return s;
  }

  private static byte[] deflate(byte[] raw) {
    Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION);
    try {
      d.setInput(raw);
      d.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.length / 4));
      byte[] buf = new byte[8192];
      while (!d.finished()) {
        out.write(buf, 0, d.deflate(buf));
      }
      return out.toByteArray();
    } finally {
      d.end();
    }
  }

  private static byte[] inflate(byte[] blob) {
    Inflater inf = new Inflater();
    try {
      inf.setInput(blob);
      ByteArrayOutputStream out = new ByteArrayOutputStream(blob.length * 4);
      byte[] buf = new byte[8192];
      while (!inf.finished()) {
        int n = inf.inflate(buf);
        if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
          throw new StoreException("stored output is truncated", null);
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new StoreException("stored output is corrupt: " + e.getMessage(), e);
    } finally {
      inf.end();
    }
  }

  /** A growable byte buffer with the two encodings the layout uses. */
  private static final class Bytes extends ByteArrayOutputStream {
    void varint(long v) {
      while ((v & ~0x7fL) != 0) {
        write((int) ((v & 0x7f) | 0x80));
        v >>>= 7;
      }
      write((int) v);
    }

    void text(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      varint(b.length);
      write(b, 0, b.length);
    }

    void writeTo(Bytes other) {
      other.write(buf, 0, count);
    }
  }
}
