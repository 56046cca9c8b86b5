/**
 * Notifications: {@link dev.squall.engine.notify.Notifier} turns finished executions into stored
 * deliveries (a durable outbox, one row per execution, notify section and route) and delivers
 * them at least once through named {@link dev.squall.engine.notify.Route}s ({@code log},
 * {@code webhook}, {@code chat}), retrying with backoff. It also emits StackStorm's
 * {@code actiontrigger} and {@code notifytrigger} into the rules engine.
 */
package dev.squall.engine.notify;
