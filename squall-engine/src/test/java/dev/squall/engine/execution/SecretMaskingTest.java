package dev.squall.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.squall.core.action.ActionDef;
import dev.squall.core.action.ParameterSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretMaskingTest {

  private static ParameterSpec param(String name, boolean secret) {
    return new ParameterSpec(name, "string", false, null, null, false, secret, null, "", Map.of());
  }

  private static final ActionDef LOGIN = new ActionDef("demo", "login", "", "noop", "", true,
      Map.of("user", param("user", false), "password", param("password", true)), Map.of(),
      null, null);

  private static final Execution RUN = new Execution("0123456789abcdef01234567", "demo.login",
      "noop", Map.of("user", "alice", "password", "hunter2"), Map.of(),
      ExecutionStatus.SUCCEEDED, Instant.EPOCH, Instant.EPOCH, Map.of(), List.of());

  @Test
  void masksTheActionsSecretParametersOnly() {
    Execution shown = SecretMasking.mask(RUN, SecretMasking.secretParameters(LOGIN));
    assertThat(shown.parameters()).containsEntry("user", "alice")
        .containsEntry("password", "********");
    assertThat(RUN.parameters()).containsEntry("password", "hunter2");
  }

  @Test
  void anExecutionWithoutSecretsIsReturnedAsIs() {
    assertThat(SecretMasking.mask(RUN, List.of("token"))).isSameAs(RUN);
  }
}
