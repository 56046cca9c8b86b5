package dev.squall.engine.inquiry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PendingIdTest {

  private static final List<String> WAITING = List.of("695645a0ce53dec36747c415", "695645a0ce53dec36747c416",
      "695645b135cae5af8a12c04c");

  @Test
  void aUniquePrefixNamesItsExecution() {
    assertThat(PendingId.resolve("695645b", WAITING)).isEqualTo(new PendingId.One("695645b135cae5af8a12c04c"));
    assertThat(PendingId.resolve(" 695645A0CE53DEC36747C416 ", WAITING))
        .isEqualTo(new PendingId.One("695645a0ce53dec36747c416"));
  }

  @Test
  void aPrefixOfSeveralIsAmbiguousAndNamesThem() {
    PendingId r = PendingId.resolve("695645a0", WAITING);

    assertThat(r).isEqualTo(new PendingId.Ambiguous("695645a0",
        List.of("695645a0ce53dec36747c415", "695645a0ce53dec36747c416")));
    assertThat(r.problem()).isEqualTo("\"695645a0\" could be any of 695645a0ce53dec36747c415, "
        + "695645a0ce53dec36747c416; give more of the id.");
  }

  @Test
  void anUnknownOrEmptyIdNamesNothing() {
    assertThat(PendingId.resolve("ffff", WAITING).problem())
        .isEqualTo("Nothing is waiting for an answer under \"ffff\"; squall inquiry list shows what is.");
    assertThat(PendingId.resolve("", WAITING)).isInstanceOf(PendingId.Unknown.class);
    assertThat(PendingId.resolve("x", List.of())).isInstanceOf(PendingId.Unknown.class);
  }
}
