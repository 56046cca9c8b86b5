/**
 * The server's metrics, in Prometheus text format at {@code /metrics} through Micrometer:
 * executions, queues, the notify outbox, chat adapters, HTTP requests and the JVM.
 */
package dev.squall.server.metrics;
