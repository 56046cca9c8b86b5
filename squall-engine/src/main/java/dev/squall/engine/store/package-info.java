/**
 * Durable storage: {@link dev.squall.engine.store.Database} (HikariCP + Flyway, H2 file by
 * default or PostgreSQL, one set of portable migrations under {@code db/migration}) and the
 * execution stores on it, one per table: {@link dev.squall.engine.store.ExecutionRepository}
 * ({@code executions}, the composition root's handle, which gives the others),
 * {@link dev.squall.engine.store.OutputStore} ({@code execution_output_chunks}),
 * {@link dev.squall.engine.store.NodeStore} ({@code nodes}) and
 * {@link dev.squall.engine.store.ProcessGroupStore} (the executions' {@code process_*} columns);
 * and {@link dev.squall.engine.store.AuditStore} ({@code audit_records}), which queues its writes
 * without waiting for them ({@code Database.writeLater}), so that auditing never slows a caller.
 *
 * <p>These five write through one group-commit writer thread ({@code Database.write}): writes
 * waiting at the same moment share one transaction, so the commit cost (a file write on H2 with
 * {@code WRITE_DELAY=0}, an fsync on PostgreSQL) is paid per batch, not per execution. The other
 * stores (datastore, rules and triggers, timers, aliases, auth, the notifier's outbox,
 * retention) are written far less often and use {@link dev.squall.engine.jdbc.Jdbc} on the pool
 * ({@link dev.squall.engine.store.Database#dataSource()}): each of their writes, or each
 * {@code Jdbc.transaction}, is its own commit. H2 runs with
 * {@link dev.squall.engine.store.StoreConfig#H2_SETTINGS}: every commit reaches the file at once,
 * so killing the process loses nothing committed (the crash test proves it); only a power loss
 * can lose the last unsynced writes, as with any database without fsync per commit.
 *
 * <p>An outage of the store (H2 closes its database when a write fails for a full disk; a
 * PostgreSQL server goes away) is told from a failed statement by
 * {@link dev.squall.engine.store.StoreFaults} (JDBC types, codes and states, never message text)
 * and becomes a {@link dev.squall.core.error.UnavailableException} (503). The pool
 * ({@link dev.squall.engine.store.StorePool}) is then taken out of service, refuses work at once,
 * and is reopened every second until a probe write commits; it logs the outage once when it
 * starts and once when it ends. Acknowledged writes survive: they are acknowledged only after
 * their commit.
 *
 * <p>Several nodes may share a PostgreSQL store: each registers and beats in the {@code nodes}
 * table, and each execution row names the node that holds it ({@code node_id}).
 * {@link dev.squall.engine.store.ExecutionRepository} finds what gone nodes held
 * ({@code orphans}) and moves it with a conditional update ({@code claim}), so of several
 * nodes recovering the same work exactly one gets each execution.
 */
package dev.squall.engine.store;
