/**
 * The audit trail's records and queries: below the store (which persists them) and the trail
 * (which makes them), so that neither imports the other's package.
 */
package dev.squall.engine.audit.model;
