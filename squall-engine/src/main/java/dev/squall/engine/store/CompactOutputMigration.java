package dev.squall.engine.store;

import dev.squall.engine.execution.model.OutputLine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 35: the rows of the old one-line-per-row {@code execution_output} become chunks of
 * {@code execution_output_chunks} (V34), then the old table goes. In Java because the chunks
 * are deflated, which SQL cannot do; one execution's lines are in memory at a time.
 */
final class CompactOutputMigration implements JavaMigration {

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion("35");
  }

  @Override
  public String getDescription() {
    return "compact output";
  }

  @Override
  public Integer getChecksum() {
    return 35;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    List<String> ids = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT DISTINCT execution_id FROM execution_output")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    for (String id : ids) {
      List<OutputLine> lines = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT seq, stream, line, ts FROM"
          + " execution_output WHERE execution_id = ? ORDER BY seq")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            lines.add(new OutputLine(id, rs.getLong(1), rs.getString(2), rs.getString(3),
                Timestamps.instant(rs, 4)));
          }
        }
      }
      OutputStore.insertChunks(c, id, lines);
    }
    try (Statement st = c.createStatement()) {
      st.execute("DROP TABLE execution_output");
    }
  }
}
