/**
 * The in-process event bus: typed {@link dev.squall.engine.event.Event}s, one bounded queue and
 * one virtual thread per subscriber, drop-oldest on overflow (counted per subscriber). Events
 * carry executions as stored, secrets included: mask before showing them to a user.
 */
package dev.squall.engine.event;
