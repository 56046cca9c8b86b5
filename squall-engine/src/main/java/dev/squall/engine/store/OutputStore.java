package dev.squall.engine.store;

import dev.squall.engine.execution.model.OutputLine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code execution_output_chunks} table: executions' output lines, stored as compressed
 * chunks ({@link OutputChunk}) that also count the lines of each stream, so a read from an
 * offset skips the chunks before it. Writes are group-committed with the executions'.
 */
public final class OutputStore {

  private final Database db;

  OutputStore(Database db) {
    this.db = db;
  }

  /**
   * Queues output lines (one execution's, in seq order, following those stored before) for the
   * next group commit, as compressed chunks of up to {@link #CHUNK_LINES} lines.
   */
  public CompletableFuture<Void> appendOutput(List<OutputLine> lines) {
    if (lines.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<OutputLine> copy = List.copyOf(lines);
    return db.writeLater(c -> {
      insertChunks(c, copy.getFirst().executionId(), copy);
      return null;
    });
  }

  /** Most lines in one stored chunk: big enough to compress well, small enough to decode fast. */
  static final int CHUNK_LINES = 1_000;
  /** Most characters in one stored chunk, unless a single line is longer. */
  static final int CHUNK_CHARS = 128 * 1024;

  /** Writes lines of one execution after its stored chunks (also used by migration 35). */
  static void insertChunks(Connection c, String executionId, List<OutputLine> lines)
      throws SQLException {
    long[] ends = new long[3]; // lines, stdout, stderr through the last stored chunk
    try (PreparedStatement ps = c.prepareStatement("SELECT lines_end, stdout_end, stderr_end"
        + " FROM execution_output_chunks WHERE execution_id = ? ORDER BY first_seq DESC"
        + " FETCH FIRST 1 ROWS ONLY")) {
      ps.setString(1, executionId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          ends = new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO execution_output_chunks"
        + " (execution_id, first_seq, lines_end, stdout_end, stderr_end, body)"
        + " VALUES (?, ?, ?, ?, ?, ?)")) {
      int from = 0;
      while (from < lines.size()) {
        int to = from;
        long chars = 0;
        while (to < lines.size() && to - from < CHUNK_LINES
            && (to == from || chars + lines.get(to).line().length() <= CHUNK_CHARS)) {
          OutputLine l = lines.get(to++);
          chars += l.line().length();
          ends[0]++;
          if (l.stream().equals("stdout")) {
            ends[1]++;
          } else if (l.stream().equals("stderr")) {
            ends[2]++;
          }
        }
        List<OutputLine> chunk = lines.subList(from, to);
        ps.setString(1, executionId);
        ps.setLong(2, chunk.getFirst().seq());
        ps.setLong(3, ends[0]);
        ps.setLong(4, ends[1]);
        ps.setLong(5, ends[2]);
        ps.setBytes(6, OutputChunk.encode(chunk));
        ps.addBatch();
        from = to;
      }
      ps.executeBatch();
    }
  }

  /** Every stored output line of an execution, in seq order. */
  public List<OutputLine> output(String executionId) {
    return output(executionId, null, 0);
  }

  /**
   * Stored output lines of an execution in seq order: of one stream ({@code stdout},
   * {@code stderr}; null for all), skipping the first {@code offset} of them. Chunks wholly
   * before the offset are not read.
   */
  public List<OutputLine> output(String executionId, String stream, long offset) {
    // For another stream name no count is kept: every chunk is read and filtered.
    String endColumn = stream == null ? "lines_end" : switch (stream) {
      case "stdout" -> "stdout_end";
      case "stderr" -> "stderr_end";
      default -> null;
    };
    long skip = endColumn == null ? offset : 0;
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT "
          + (endColumn == null ? "0" : endColumn) + ", body FROM execution_output_chunks"
          + " WHERE execution_id = ?" + (endColumn == null ? "" : " AND " + endColumn + " > ?")
          + " ORDER BY first_seq")) {
        ps.setString(1, executionId);
        if (endColumn != null) {
          ps.setLong(2, offset);
        }
        List<OutputLine> lines = new ArrayList<>();
        long toSkip = skip;
        boolean first = true;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            List<OutputLine> chunk = OutputChunk.decode(executionId, rs.getBytes(2)).stream()
                .filter(l -> stream == null || l.stream().equals(stream))
                .toList();
            if (first && endColumn != null) {
              // Lines of this stream before the chunk: its end count less what it holds.
              toSkip = Math.max(0, offset - (rs.getLong(1) - chunk.size()));
            }
            first = false;
            for (OutputLine l : chunk) {
              if (toSkip > 0) {
                toSkip--;
              } else {
                lines.add(l);
              }
            }
          }
        }
        return List.copyOf(lines);
      }
    });
  }
}
