package dev.squall.core.yaql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Python/yaql semantics that workflows depend on, checked against the real yaql library. */
class YaqlSemanticsTest {

  private static Object eval(String expr) {
    return Yaql.evaluate(expr, null, YaqlFunctions.standard());
  }

  private static void fails(String expr) {
    assertThatThrownBy(() -> eval(expr)).as(expr).isInstanceOf(YaqlException.class);
  }

  @Test
  void integerDivisionAndModuloFloorAsInPython() {
    assertThat(eval("-7 / 2")).isEqualTo(-4L);
    assertThat(eval("-7 mod 3")).isEqualTo(2L);
    assertThat(eval("3 / 2.0")).isEqualTo(1.5);
    fails("1 / 0");
  }

  @Test
  void equalityIsPythons() {
    assertThat(eval("2.0 = 2")).isEqualTo(true);
    assertThat(eval("1 = true")).isEqualTo(true);
    assertThat(eval("[1, 2].contains(1.0)")).isEqualTo(true);
    assertThat(eval("[1, 1.0].distinct()")).isEqualTo(List.of(1L));
    assertThat(eval("{a => [1, {b => 2}]} = {a => [1, {b => 2}]}")).isEqualTo(true);
    assertThat(eval("'a' != 'b'")).isEqualTo(true);
  }

  @Test
  void andOrReturnAnOperandAndShortCircuit() {
    assertThat(eval("true and null")).isNull();
    assertThat(eval("false and nosuch()")).isEqualTo(false);
    assertThat(eval("'x' or nosuch()")).isEqualTo("x");
  }

  @Test
  void operandsOfTheWrongTypeAreRefused() {
    fails("true + 1");
    fails("'a' + 1");
    fails("1 < 'a'");
    fails("'a' in {a => 1}");
    fails("{a => 1, b => 2}.where($ = a)");
    fails("'abc'[1]");
    fails("[1, 2][5]");
    fails("int('12.5')");
    fails("[].sum()");
  }

  @Test
  void methodsAndFunctionsAreCalledTheirOwnWay() {
    fails("toUpper('x')");
    fails("max([1, 2])");
    fails("[1].str()");
    assertThat(eval("'x'.toUpper()")).isEqualTo("X");
    assertThat(eval("[1, 2].max()")).isEqualTo(2L);
    assertThat(eval("max(1, 2)")).isEqualTo(2L);
    assertThat(eval("len('abc')")).isEqualTo(3L);
    assertThat(eval("'abc'.len()")).isEqualTo(3L);
    assertThat(eval("concat([1], [2])")).isEqualTo(List.of(1L, 2L));
  }

  @Test
  void nullAndMissingKeys() {
    fails("null.x");
    assertThat(eval("dict(a => 1).get(b)")).isNull();
    assertThat(eval("{a => {b => 1}}.a.b")).isEqualTo(1L);
    assertThat(eval("$a")).isNull();
  }

  @Test
  void strPrintsAsYaqlDoes() {
    assertThat(eval("str([1, 2])")).isEqualTo("(1, 2)");
    assertThat(eval("str([1])")).isEqualTo("(1,)");
    assertThat(eval("str({a => 1})")).isEqualTo("{'a': 1}");
    assertThat(eval("str([null, true, 'x'])")).isEqualTo("(None, True, 'x')");
    assertThat(eval("str(null)")).isEqualTo("null");
    assertThat(eval("str(true)")).isEqualTo("true");
    assertThat(eval("str(1.0)")).isEqualTo("1.0");
    assertThat(eval("[1, null, true].join(',')")).isEqualTo("1,null,true");
  }

  @Test
  void roundingIsPythons() {
    assertThat(eval("round(2.5)")).isEqualTo(2.0);
    assertThat(eval("round(3.5)")).isEqualTo(4.0);
    assertThat(eval("round(7)")).isEqualTo(7L);
    assertThat(eval("float('1e3')")).isEqualTo(1000.0);
  }

  @Test
  void dollarIsDollarOne() {
    assertThat(eval("[1, 2, 3].select($ + $1)")).isEqualTo(List.of(2L, 4L, 6L));
    assertThat(Yaql.evaluate("let(x => 1) -> $", 5L, YaqlFunctions.standard())).isEqualTo(5L);
  }

  @Test
  void stringsSplitAndMatchAsPython() {
    assertThat(eval("'a b'.split(' ')")).isEqualTo(List.of("a", "b"));
    assertThat(eval("'a,,b'.split(',')")).isEqualTo(List.of("a", "", "b"));
    assertThat(eval("'abc'.matches('b')")).isEqualTo(true);
    assertThat(eval("'abc' =~ '^b'")).isEqualTo(false);
    assertThat(eval("'abc'.indexOf('c')")).isEqualTo(2L);
    assertThat(eval("'\\\\d'")).isEqualTo("\\d");
  }

  @Test
  void queryResultsBehaveAsYaqlsLazyCollections() {
    // yaql's where/select/range... return Python iterators: not indexable, equal only to themselves,
    // spread by list(); the evaluation's result is a plain list all the same.
    fails("[1, 2].select($)[0]");
    fails("range(3)[1]");
    fails("[1, 2].orderBy($)[0]");
    assertThat(eval("[1, 2].select($).first()")).isEqualTo(1L);
    assertThat(eval("[1, 2].select($).toList()[1]")).isEqualTo(2L);
    assertThat(eval("[1, 2].select($) = [1, 2]")).isEqualTo(false);
    assertThat(eval("[1, 2].toList() = [1, 2]")).isEqualTo(true);
    assertThat(eval("list([1, 2].where($ > 0), range(1))")).isEqualTo(List.of(1L, 2L, 0L));
    assertThat(eval("list([1, 2])")).isEqualTo(List.of(List.of(1L, 2L)));
    assertThat(eval("{a => range(2)}")).isEqualTo(Map.of("a", List.of(0L, 1L)));
    assertThat(eval("[1, 2].select($)").getClass()).isEqualTo(java.util.ArrayList.class);
  }

  @Test
  void formatWasRemovedInYaql3() {
    // yaql 3.0 removed format() (bug 2048114); orquesta 1.6 workflows cannot use it.
    fails("'{0}'.format(1)");
  }

  @Test
  void queriesOverOrquestaContexts() {
    // orquesta's own test_yaql_ctx_query.py cases, with the context passed as $.
    Map<String, Object> vm1 = Map.of("name", "vmweb1", "region", "us-east", "role", "web");
    Map<String, Object> vm2 = Map.of("name", "vmdb1", "region", "us-east", "role", "db");
    Map<String, Object> data = Map.of("vms", List.of(vm1, vm2));
    assertThat(Yaql.evaluate("$.vms.select($.name)", data, YaqlFunctions.standard())).isEqualTo(List.of("vmweb1", "vmdb1"));
    assertThat(Yaql.evaluate("$.vms[0]", data, YaqlFunctions.standard())).isEqualTo(vm1);
    assertThat(Yaql.evaluate("dict(vms => dict($.vms.select([$.name, $])))", data, YaqlFunctions.standard()))
        .isEqualTo(Map.of("vms", Map.of("vmweb1", vm1, "vmdb1", vm2)));
    Map<String, Object> byName = Map.of("vms", Map.of("vmweb1", vm1));
    assertThat(Yaql.evaluate("$.vms.get(vmweb1)", byName, YaqlFunctions.standard())).isEqualTo(vm1);
    assertThat(Yaql.evaluate("$.vms[vmweb1]", byName, YaqlFunctions.standard())).isEqualTo(vm1);
    assertThat(Yaql.evaluate("$.vms.where($.region = 'us-east' and $.role = 'db').name.first()", data,
        YaqlFunctions.standard())).isEqualTo("vmdb1");
  }
}
