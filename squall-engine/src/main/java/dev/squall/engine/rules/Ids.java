package dev.squall.engine.rules;

import java.security.SecureRandom;
import java.util.HexFormat;

/** StackStorm-shaped ids (24 hex digits: 4 bytes of seconds, 8 random bytes). */
final class Ids {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  static String next(long epochSecond) {
    byte[] tail = new byte[8];
    RANDOM.nextBytes(tail);
    return String.format("%08x", epochSecond & 0xffffffffL) + HexFormat.of().formatHex(tail);
  }
}
