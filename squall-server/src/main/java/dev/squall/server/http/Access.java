package dev.squall.server.http;

/** Who may call an endpoint. */
public enum Access {
  /** Anyone, without credentials (token creation, version). */
  PUBLIC,
  /** Any authenticated user. */
  USER,
  /** Authenticated administrators only. */
  ADMIN
}
