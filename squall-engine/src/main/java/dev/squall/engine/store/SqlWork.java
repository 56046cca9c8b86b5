package dev.squall.engine.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of JDBC work on a connection the store lends for the duration of the call. */
@FunctionalInterface
interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
