package dev.squall.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.engine.execution.model.OutputLine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A store written when output was a row per line, upgraded: every line is still there, in
 * order, now as chunks, and the old table is gone. Run on each database.
 */
abstract class OutputUpgradeContract {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  protected abstract StoreConfig freshStore();

  @Test
  void outputStoredOneLinePerRowIsKeptInOrderAfterTheUpgrade() throws Exception {
    StoreConfig store = freshStore();
    List<OutputLine> expected = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(store.jdbcUrl(), store.username(),
        store.password())) {
      Flyway.configure().dataSource(store.jdbcUrl(), store.username(), store.password())
          .locations("classpath:db/migration").target("25").load().migrate();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO execution_output"
          + " (execution_id, seq, stream, line, ts) VALUES (?, ?, ?, ?, ?)")) {
        for (String id : List.of("a00000000000000000000001", "a00000000000000000000002")) {
          for (int i = 0; i < 2_345; i++) {
            OutputLine l = new OutputLine(id, i, i % 5 == 0 ? "stderr" : "stdout",
                i % 10 == 0 ? "" : "line " + i + " ✓", T0.plusMillis(i));
            ps.setString(1, l.executionId());
            ps.setLong(2, l.seq());
            ps.setString(3, l.stream());
            ps.setString(4, l.line());
            ps.setObject(5, l.timestamp().atOffset(ZoneOffset.UTC));
            ps.addBatch();
            expected.add(l);
          }
        }
        ps.executeBatch();
      }
    }
    try (Database db = Database.open(store)) {
      ExecutionRepository repo = new ExecutionRepository(db);
      List<OutputLine> after = new ArrayList<>(repo.outputs().output("a00000000000000000000001"));
      after.addAll(repo.outputs().output("a00000000000000000000002"));
      assertThat(after).isEqualTo(expected);
      assertThat(repo.outputs().output("a00000000000000000000002", "stderr", 400))
          .isEqualTo(expected.subList(2_345, expected.size()).stream()
              .filter(l -> l.stream().equals("stderr")).skip(400).toList());
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM execution_output_chunks")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(6); // 3 chunks of at most 1,000 lines each
      }
      try (Connection c = db.dataSource().getConnection();
          ResultSet rs = c.getMetaData().getTables(null, null, "%", null)) {
        List<String> tables = new ArrayList<>();
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
        }
        assertThat(tables).contains("execution_output_chunks").doesNotContain("execution_output");
      }
    }
  }
}
