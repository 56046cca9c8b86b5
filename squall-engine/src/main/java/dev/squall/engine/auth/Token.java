package dev.squall.engine.auth;

import java.time.Instant;

/** A login token as handed out once; only its digest is stored. */
public record Token(String token, String user, Instant issued, Instant expiry) {}
