package dev.squall.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  private static byte[] jdk(String password, byte[] salt, int iterations) throws Exception {
    return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
        .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
  }

  @Test
  void derivesExactlyWhatTheJdksPbkdf2Derives() throws Exception {
    byte[] salt = "0123456789abcdef".getBytes();
    for (String password : new String[] {"s3cret", "pâsswörd ✓", "x".repeat(64), "y".repeat(200)}) {
      for (int iterations : new int[] {1, 2, 1000}) {
        assertThat(PasswordHasher.derive(password, salt, iterations))
            .as(password + " x" + iterations).isEqualTo(jdk(password, salt, iterations));
      }
    }
  }

  @Test
  void verifiesHashesStoredBeforeTheFasterDerivation() throws Exception {
    byte[] salt = "fedcba9876543210".getBytes();
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    String stored = "pbkdf2-sha256$1000$" + b64.encodeToString(salt) + "$" + b64.encodeToString(jdk("old-password", salt, 1000));
    PasswordHasher hasher = new PasswordHasher(1000);
    assertThat(hasher.verify("old-password", stored)).isTrue();
    assertThat(hasher.verify("other", stored)).isFalse();
  }

  @Test
  void hashesWithTheConfiguredCostAndAFreshSalt() {
    PasswordHasher hasher = new PasswordHasher(1000);
    String a = hasher.hash("same");
    assertThat(a).startsWith("pbkdf2-sha256$1000$");
    assertThat(hasher.hash("same")).isNotEqualTo(a);
    assertThat(hasher.verify("same", a)).isTrue();
  }
}
