package dev.squall.engine.auth;

import java.time.Instant;

/**
 * A login token as handed out once; only its digest is stored. {@code id} is random, unrelated
 * to the token, so it can be shown and logged.
 */
public record Token(String id, String token, String user, Instant issued, Instant expiry) {}
