package dev.squall.engine.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SshTargetTest {

  @Test
  void readsNamesPortsAndBracketedAddressesKeepingHowTheyWereWritten() {
    assertThat(SshTarget.parse(" web1, web2:2222 ,[::1]:2200,10.0.0.5,web1", null)).containsExactly(
        new SshTarget("web1", "web1", 22), new SshTarget("web2:2222", "web2", 2222),
        new SshTarget("[::1]:2200", "::1", 2200), new SshTarget("10.0.0.5", "10.0.0.5", 22));
  }

  @Test
  void thePortParameterIsTheDefaultForHostsWithoutOne() {
    assertThat(SshTarget.parse("a,b:23", 2022)).extracting(SshTarget::port).containsExactly(2022, 23);
  }

  @Test
  void refusesHostsThatAreNotNamesOrAddresses() {
    for (String hostile : new String[] {"web1;id", "$(id)", "-oProxyCommand=id", "a b", "h:99999",
        "h:x", "[::1"}) {
      assertThatThrownBy(() -> SshTarget.parse(hostile, null)).as(hostile)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> SshTarget.parse(" , ", null)).hasMessageContaining("names no host");
  }
}
