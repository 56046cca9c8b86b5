package dev.squall.engine.store;

import java.sql.SQLTransientConnectionException;

/** Asked for a connection while the store is down and being reopened: refused at once. */
final class StoreDown extends SQLTransientConnectionException {

  StoreDown(String cause) {
    super("the store is down (" + cause + ") and being reopened", "08001");
  }
}
