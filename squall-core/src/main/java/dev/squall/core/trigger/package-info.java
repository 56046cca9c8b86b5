/**
 * Trigger types (StackStorm's system types and their schemas), the identity of a parameterised
 * trigger ({@link dev.squall.core.trigger.TriggerRef}), and timer schedules with APScheduler's
 * semantics ({@link dev.squall.core.trigger.TimerSchedule}).
 */
package dev.squall.core.trigger;
