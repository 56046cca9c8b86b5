package dev.squall.engine.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.action.ParameterSchema;
import dev.squall.core.action.ParameterSpec;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.NotFoundException;
import dev.squall.core.template.ParameterRenderer;
import dev.squall.core.template.TemplateEngine;
import dev.squall.engine.datastore.KeyValuePair.Scope;
import dev.squall.engine.store.Database;
import dev.squall.engine.store.StoreConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key-value datastore, run against each database by a subclass. */
abstract class DatastoreContract {

  @TempDir Path keys;
  private Database db;
  private Datastore store;
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

  protected abstract StoreConfig freshStore();

  @BeforeEach
  void open() throws Exception {
    db = Database.open(freshStore());
    Clock clock = new Clock() {
      @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public Instant instant() { return now.get(); }
    };
    store = new Datastore(db.dataSource(), SecretBox.open(keys.resolve("datastore.key")), clock);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void keepsSystemAndUserScopesApart() {
    store.set(Scope.SYSTEM, null, "url", "https://system", false, null, null);
    store.set(Scope.USER, "alice", "url", "https://alice", false, null, null);
    assertThat(store.get(Scope.SYSTEM, null, "url", false).value()).isEqualTo("https://system");
    assertThat(store.get(Scope.USER, "alice", "url", false).value()).isEqualTo("https://alice");
    assertThat(store.find(Scope.USER, "bob", "url", false)).isEmpty();
  }

  @Test
  void replacesAValueAndListsByPrefix() {
    store.set(Scope.SYSTEM, null, "app.a", "1", false, null, null);
    store.set(Scope.SYSTEM, null, "app.a", "2", false, null, null);
    store.set(Scope.SYSTEM, null, "app_b", "3", false, null, null);
    assertThat(store.list(Scope.SYSTEM, null, "app.", false)).extracting(KeyValuePair::value).containsExactly("2");
  }

  @Test
  void expiredKeysVanish() {
    store.set(Scope.SYSTEM, null, "temp", "v", false, null, Duration.ofSeconds(10));
    assertThat(store.find(Scope.SYSTEM, null, "temp", false)).isPresent();
    now.set(now.get().plusSeconds(11));
    assertThat(store.find(Scope.SYSTEM, null, "temp", false)).isEmpty();
    assertThat(store.list(Scope.SYSTEM, null, null, false)).isEmpty();
  }

  @Test
  void secretsAreEncryptedAtRestAndDecryptedOnRequest() throws Exception {
    store.set(Scope.SYSTEM, null, "pw", "hunter2", true, null, null);
    assertThat(store.get(Scope.SYSTEM, null, "pw", false).value()).isNotEqualTo("hunter2");
    assertThat(store.get(Scope.SYSTEM, null, "pw", true).value()).isEqualTo("hunter2");
    try (var c = db.dataSource().getConnection(); var s = c.createStatement();
        var rs = s.executeQuery("SELECT kv_value FROM kv_pairs")) {
      rs.next();
      assertThat(rs.getString(1)).doesNotContain("hunter2");
    }
  }

  @Test
  void decryptKvInAParameterDefaultDecryptsSystemAndUserSecretsAndStaysMasked() {
    store.set(Scope.SYSTEM, null, "pw", "hunter2", true, null, null);
    store.set(Scope.USER, "alice", "token", "alice-token", true, null, null);
    Map<String, ParameterSpec> specs = specs(
        secretParam("password", "{{ st2kv.system.pw | decrypt_kv }}"),
        secretParam("token", "{{ st2kv.user.token | decrypt_kv }}"),
        secretParam("stored", "{{ st2kv.system.pw }}"));
    Map<String, Object> params = new ParameterRenderer(new TemplateEngine(), store.lookup("alice"))
        .render(specs, Map.of(), Map.of());
    assertThat(params).containsEntry("password", "hunter2").containsEntry("token", "alice-token");
    assertThat(params.get("stored")).isEqualTo(store.get(Scope.SYSTEM, null, "pw", false).value())
        .isNotEqualTo("hunter2");
    assertThat(ParameterSchema.maskSecrets(specs, params).values()).containsOnly(ParameterSchema.MASK);
  }

  @Test
  void decryptKvRefusesValuesThatAreNotTheUsersSecrets() {
    store.set(Scope.SYSTEM, null, "url", "https://x", false, null, null);
    store.set(Scope.USER, "alice", "token", "alice-token", true, null, null);
    String alicesStored = store.get(Scope.USER, "alice", "token", false).value();
    ParameterRenderer asBob = new ParameterRenderer(new TemplateEngine(), store.lookup("bob"));

    assertThatThrownBy(() -> asBob.render(
        specs(secretParam("url", "{{ st2kv.system.url | decrypt_kv }}")), Map.of(), Map.of()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("Failed to render parameter \"url\"")
        .hasMessageContaining("decrypt_kv: the value is not an encrypted datastore secret");
    // Another user's secret, even in its exact stored form, is not bob's to decrypt.
    assertThatThrownBy(() -> asBob.render(specs(secretParam("t", "{{ given | decrypt_kv }}"),
        param("given")), Map.of("given", alicesStored), Map.of()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("decrypt_kv: the value is not an encrypted datastore secret")
        .hasMessageNotContaining("alice-token");
    assertThatThrownBy(() -> asBob.render(
        specs(secretParam("pw", "{{ st2kv.system.nope | decrypt_kv }}")), Map.of(), Map.of()))
        .hasMessageContaining("\"st2kv.system.nope\" doesn't exist");
  }

  private static ParameterSpec secretParam(String name, String template) {
    return new ParameterSpec(name, "string", false, template, null, false, true, null, null,
        Map.of("type", "string", "default", template, "secret", true));
  }

  private static ParameterSpec param(String name) {
    return new ParameterSpec(name, "string", false, null, null, false, false, null, null,
        Map.of("type", "string"));
  }

  private static Map<String, ParameterSpec> specs(ParameterSpec... specs) {
    Map<String, ParameterSpec> out = new LinkedHashMap<>();
    for (ParameterSpec s : specs) {
      out.put(s.name(), s);
    }
    return out;
  }

  @Test
  void deletingAMissingKeyIsNotFound() {
    assertThatThrownBy(() -> store.delete(Scope.SYSTEM, null, "nope"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("nope");
  }

  @Test
  void aKeyBeingReplacedIsNeverMissingToAReaderAndRacingWritersAllSucceed() throws Exception {
    store.set(Scope.SYSTEM, null, "counter", "0", false, null, null);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger missing = new AtomicInteger();
    Thread reader = Thread.ofPlatform().start(() -> {
      while (writing.get()) {
        if (store.find(Scope.SYSTEM, null, "counter", false).isEmpty()) {
          missing.incrementAndGet();
        }
      }
    });
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      int id = w;
      writers.add(Thread.ofPlatform().start(() -> {
        for (int i = 1; i <= 100; i++) {
          store.set(Scope.SYSTEM, null, "counter", id + ":" + i, false, null, null);
          store.set(Scope.SYSTEM, null, "fresh-" + i, String.valueOf(id), false, null, null);
        }
      }));
    }
    for (Thread t : writers) {
      t.join();
    }
    writing.set(false);
    reader.join();
    assertThat(missing.get()).as("reads that found the key missing while it was replaced").isZero();
    assertThat(store.get(Scope.SYSTEM, null, "counter", false).value()).endsWith(":100");
    assertThat(store.list(Scope.SYSTEM, null, "fresh-", false)).hasSize(100);
  }
}
