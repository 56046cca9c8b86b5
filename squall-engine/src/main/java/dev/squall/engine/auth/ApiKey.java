package dev.squall.engine.auth;

import java.time.Instant;
import java.util.Map;

/**
 * An API key's record. {@code key} is the secret itself, present only in the response to its
 * creation (it is stored as a digest and can never be shown again); null everywhere else.
 */
public record ApiKey(
    String id, String user, boolean enabled, Instant created, Map<String, Object> metadata,
    String key) {}
