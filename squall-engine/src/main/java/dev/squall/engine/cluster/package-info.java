/**
 * Several nodes on one PostgreSQL store: {@link dev.squall.engine.cluster.Leases} (what one node
 * does alone, fenced by epoch and expiry) and {@link dev.squall.engine.cluster.ClusterBus} (the
 * event bus across nodes, on LISTEN/NOTIFY). On H2 (one process) leases are always this node's
 * and the bus stays in-process.
 */
package dev.squall.engine.cluster;
