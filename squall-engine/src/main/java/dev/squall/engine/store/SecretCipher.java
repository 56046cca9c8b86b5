package dev.squall.engine.store;

/**
 * Encrypts what the store must never hold in clear: the values of executions' secret parameters.
 * The datastore's {@code SecretBox} is the one implementation, so one key file guards both.
 */
public interface SecretCipher {

  String encrypt(String plain);

  /** @throws IllegalStateException the text was not encrypted with this key */
  String decrypt(String encrypted);

  /** No key at all: a store opened this way refuses to hold a secret rather than write it. */
  SecretCipher NONE = new SecretCipher() {
    @Override
    public String encrypt(String plain) {
      throw new IllegalStateException("this store has no key to encrypt secret parameters with");
    }

    @Override
    public String decrypt(String encrypted) {
      throw new IllegalStateException("this store has no key to decrypt secret parameters with");
    }
  };
}
