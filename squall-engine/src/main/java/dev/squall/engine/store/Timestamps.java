package dev.squall.engine.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Timestamps as every supported database stores them ({@code TIMESTAMP WITH TIME ZONE}, bound
 * and read as {@link OffsetDateTime} in UTC): the one place for both directions. Here rather
 * than in {@link dev.squall.engine.jdbc.Jdbc} (which offers them too, by delegation) because
 * the jdbc package sits above this one.
 */
public final class Timestamps {

  private Timestamps() {}

  /** The value to bind for an instant; null stays null. */
  public static OffsetDateTime ts(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  /** The instant in a column of the current row; SQL NULL is null. */
  public static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
