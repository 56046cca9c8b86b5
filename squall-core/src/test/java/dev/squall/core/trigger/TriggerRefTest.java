package dev.squall.core.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriggerRefTest {

  @Test
  void webhooksWithDifferentUrlsAreDifferentTriggers() {
    TriggerRef foo = TriggerRef.of("core.st2.webhook", Map.of("url", "foo"));
    TriggerRef bar = TriggerRef.of("core.st2.webhook", Map.of("url", "bar"));
    assertThat(foo).isNotEqualTo(bar);
    assertThat(foo.ref()).isNotEqualTo(bar.ref());
    assertThat(foo).isEqualTo(TriggerRef.of("core.st2.webhook", Map.of("url", "foo")));
  }

  @Test
  void sameParametersInAnyOrderAndIntegerWidthAreOneTrigger() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("unit", "seconds");
    a.put("delta", 5);
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("delta", 5L);
    b.put("unit", "seconds");
    TriggerRef x = TriggerRef.of("core.st2.IntervalTimer", a);
    TriggerRef y = TriggerRef.of("core.st2.IntervalTimer", b);
    assertThat(x).isEqualTo(y).hasSameHashCodeAs(y);
    assertThat(x.ref()).isEqualTo(y.ref()).startsWith("core.");
    assertThat(x.canonicalParameters()).isEqualTo("{\"delta\":5,\"unit\":\"seconds\"}");
  }

  @Test
  void triggerWithoutParametersIsTheSharedTriggerOfItsType() {
    TriggerRef notify = TriggerRef.of("core.st2.generic.notifytrigger", null);
    assertThat(notify.parameterised()).isFalse();
    assertThat(notify.ref()).isEqualTo("core.st2.generic.notifytrigger");
    assertThat(notify.name()).isEqualTo("st2.generic.notifytrigger");
  }

  @Test
  void parameterisedNameIsAStableUuid() {
    TriggerRef foo = TriggerRef.of("core.st2.webhook", Map.of("url", "foo"));
    assertThat(foo.name()).matches("[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(foo.pack()).isEqualTo("core");
  }
}
