package dev.squall.engine.datastore;

import dev.squall.engine.store.SecretCipher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts datastore secrets with AES-256-GCM under a key kept in a file beside the database
 * (created on first use with mode 600). The database alone therefore never reveals a secret.
 * Stored form: base64 of {@code iv (12 bytes) || ciphertext+tag}. The same key encrypts the
 * secret parameters of executions in the store.
 */
public final class SecretBox implements SecretCipher {

  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKey key;
  private final SecureRandom random = new SecureRandom();

  private SecretBox(SecretKey key) {
    this.key = key;
  }

  /** Opens the key file, creating it (readable by its owner only) when it does not exist. */
  public static SecretBox open(Path keyFile) throws IOException {
    if (!Files.exists(keyFile)) {
      Files.createDirectories(keyFile.getParent());
      byte[] raw = new byte[32];
      new SecureRandom().nextBytes(raw);
      Path tmp = keyFile.resolveSibling(keyFile.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, Base64.getEncoder().encodeToString(raw) + "\n");
      Files.move(tmp, keyFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    byte[] raw = Base64.getDecoder().decode(Files.readString(keyFile).trim());
    if (raw.length != 32) {
      throw new IOException(keyFile + " does not hold a 256-bit key");
    }
    return new SecretBox(new SecretKeySpec(raw, "AES"));
  }

  @Override
  public String encrypt(String plain) {
    try {
      byte[] iv = new byte[IV_BYTES];
      random.nextBytes(iv);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[iv.length + ct.length];
      System.arraycopy(iv, 0, out, 0, iv.length);
      System.arraycopy(ct, 0, out, iv.length, ct.length);
      return Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  @Override
  public String decrypt(String stored) {
    try {
      byte[] in = Base64.getDecoder().decode(stored);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
      return new String(c.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot decrypt a datastore secret: was the key file replaced?", e);
    }
  }
}
