package dev.squall.engine.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh store for each test of a store contract: a subclass names the database
 * ({@link #freshStore()}), the contract's tests use {@link #db} and {@link #repo}.
 */
abstract class FreshStore {

  protected Database db;
  protected ExecutionRepository repo;

  protected abstract StoreConfig freshStore();

  @BeforeEach
  void open() {
    db = Database.open(freshStore());
    repo = new ExecutionRepository(db);
  }

  @AfterEach
  void close() {
    db.close();
  }
}
