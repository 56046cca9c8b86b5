package dev.squall.core.yaql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YaqlParserTest {

  private static Object eval(String expr) {
    return Yaql.evaluate(expr, null, YaqlFunctions.standard());
  }

  private static Object eval(String expr, Object data) {
    return Yaql.evaluate(expr, data, YaqlFunctions.standard());
  }

  @Test
  void readsLiteralsWithYaqlsTypes() {
    assertThat(eval("12")).isEqualTo(12L);
    assertThat(eval("1.5")).isEqualTo(1.5);
    assertThat(eval("'single'")).isEqualTo("single");
    assertThat(eval("\"double\"")).isEqualTo("double");
    assertThat(eval("`verbatim \\n`")).isEqualTo("verbatim \\n");
    assertThat(eval("true")).isEqualTo(true);
    assertThat(eval("false")).isEqualTo(false);
    assertThat(eval("null")).isNull();
  }

  @Test
  void decodesPythonEscapesAndKeepsUnknownOnes() {
    assertThat(eval("'a\\nb\\t\\'c\\''")).isEqualTo("a\nb\t'c'");
    assertThat(eval("\"\\u00e9\\x41\"")).isEqualTo("éA");
    assertThat(eval("'\\d+'")).isEqualTo("\\d+");
  }

  @Test
  void aBareNameIsAString() {
    assertThat(eval("list(a, b)")).isEqualTo(List.of("a", "b"));
    assertThat(eval("abc")).isEqualTo("abc");
  }

  @Test
  void dollarIsTheDataAndDotReadsKeys() {
    Map<String, Object> data = Map.of("a", Map.of("b", List.of(10L, 20L)), "k", "v");
    assertThat(eval("$", data)).isEqualTo(data);
    assertThat(eval("$.a.b[1]", data)).isEqualTo(20L);
    assertThat(eval("$.a.b[-1]", data)).isEqualTo(20L);
    assertThat(eval("$['k']", data)).isEqualTo("v");
    assertThat(eval("$['missing', 'fallback']", data)).isEqualTo("fallback");
  }

  @Test
  void missingKeyIsAKeyError() {
    assertThatThrownBy(() -> eval("$.nope", Map.of("a", 1)))
        .isInstanceOf(YaqlKeyException.class)
        .hasMessage("Unable to resolve key 'nope'");
    assertThatThrownBy(() -> eval("$['nope']", Map.of("a", 1))).isInstanceOf(YaqlKeyException.class);
  }

  @Test
  void dotOnAListReadsTheKeyOfEveryItem() {
    assertThat(eval("[{a => 1}, {a => 2, b => 3}].a")).isEqualTo(List.of(1L, 2L));
  }

  @Test
  void nullSafeDotStopsAtNull() {
    assertThat(eval("null?.select($ + 1)")).isNull();
    assertThat(eval("[0, 1]?.select($ + 1)")).isEqualTo(List.of(1L, 2L));
    assertThat(eval("$?.a", null)).isNull();
  }

  @Test
  void buildsListsAndDictionariesInOrder() {
    Object d = eval("{b => 1, 'a' => [1, 2], \"c\" => {}}");
    assertThat(d).isInstanceOf(LinkedHashMap.class);
    assertThat(List.copyOf(((Map<?, ?>) d).keySet())).isEqualTo(List.of("b", "a", "c"));
    assertThat(eval("dict(a => 1, b => 2)")).isEqualTo(Map.of("a", 1L, "b", 2L));
    assertThat(eval("dict([['a', 2], ['b', 4]])")).isEqualTo(Map.of("a", 2L, "b", 4L));
    assertThat(eval("list(1, '', 2)")).isEqualTo(List.of(1L, "", 2L));
    assertThat(eval("[]")).isEqualTo(List.of());
  }

  @Test
  void methodSyntaxPassesTheReceiverFirst() {
    assertThat(eval("[1, 2, 3].len()")).isEqualTo(3L);
    assertThat(eval("len([1, 2, 3])")).isEqualTo(3L);
    assertThat(eval("'abc'.toUpper().len()")).isEqualTo(3L);
  }

  @Test
  void precedenceFollowsYaqlsOperatorTable() {
    assertThat(eval("1 + 2 * 3")).isEqualTo(7L);
    assertThat(eval("(1 + 2) * 3")).isEqualTo(9L);
    assertThat(eval("10 - 2 - 3")).isEqualTo(5L);
    assertThat(eval("-2 * 3")).isEqualTo(-6L);
    assertThat(eval("-[1, 2].len()")).isEqualTo(-2L);
    assertThat(eval("1 + 1 = 2 and 3 > 2")).isEqualTo(true);
    assertThat(eval("true or false and false")).isEqualTo(true);
    assertThat(eval("not 1 = 2")).isEqualTo(true);
    assertThat(eval("not a in list(a, b)")).isEqualTo(false);
    assertThat(eval("not true and false")).isEqualTo(false);
    assertThat(eval("not (true and false)")).isEqualTo(true);
    assertThat(eval("7 mod 4 + 1")).isEqualTo(4L);
  }

  @Test
  void chainOperatorEvaluatesInTheNewContext() {
    assertThat(eval("let(a => 1) -> $a")).isEqualTo(1L);
    assertThat(eval("let(1, 2, a => 3, b => 4) -> $1 + $a + $2 + $b")).isEqualTo(10L);
    assertThat(eval("with('ab', 'cd') -> $1 + $2")).isEqualTo("abcd");
    assertThat(eval("let(x => 2) -> let(y => 3) -> $x * $y")).isEqualTo(6L);
  }

  @Test
  void keywordArgumentsReachFunctions() {
    assertThat(eval("'abc     de  f'.split(maxSplits => 1)")).isEqualTo(List.of("abc", "de  f"));
    assertThat(eval("[1, 2, 3].zipLongest([4, 5], default => 100)"))
        .isEqualTo(List.of(List.of(1L, 4L), List.of(2L, 5L), List.of(3L, 100L)));
  }

  @Test
  void syntaxErrorsNameThePosition() {
    assertThatThrownBy(() -> Yaql.parse("1 +"))
        .isInstanceOf(YaqlSyntaxException.class)
        .satisfies(e -> assertThat(((YaqlSyntaxException) e).position()).isEqualTo(3))
        .hasMessageContaining("position 3");
    assertThatThrownBy(() -> Yaql.parse("ctx(a"))
        .isInstanceOfSatisfying(YaqlSyntaxException.class, e -> assertThat(e.position()).isEqualTo(5));
    assertThatThrownBy(() -> Yaql.parse("$.a ## b"))
        .isInstanceOfSatisfying(YaqlSyntaxException.class, e -> assertThat(e.position()).isEqualTo(4));
    assertThatThrownBy(() -> Yaql.parse("'open")).isInstanceOf(YaqlSyntaxException.class);
    assertThatThrownBy(() -> Yaql.parse("f(a => 1, 2)")).isInstanceOf(YaqlSyntaxException.class);
    assertThatThrownBy(() -> Yaql.parse("")).isInstanceOf(YaqlSyntaxException.class);
    assertThatThrownBy(() -> Yaql.parse("a b")).isInstanceOf(YaqlSyntaxException.class);
    assertThatThrownBy(() -> Yaql.parse("__x")).isInstanceOf(YaqlSyntaxException.class);
  }

  @Test
  void aSyntaxErrorIsABadRequest() {
    assertThatThrownBy(() -> Yaql.parse("(")).isInstanceOf(dev.squall.core.error.BadRequestException.class);
  }

  @Test
  void unknownFunctionIsAnEvaluationError() {
    assertThatThrownBy(() -> eval("nosuch(1)")).isInstanceOf(YaqlException.class).hasMessageContaining("nosuch");
  }

  @Test
  void aParsedExpressionIsReusable() {
    YaqlExpression e = Yaql.parse("$.n * 2");
    assertThat(e.evaluate(Map.of("n", 2), YaqlFunctions.standard())).isEqualTo(4L);
    assertThat(e.evaluate(Map.of("n", 5), YaqlFunctions.standard())).isEqualTo(10L);
  }

  @Test
  void callerFunctionsSeeArgumentsReceiverAndRoot() {
    YaqlFunctions fns = YaqlFunctions.standard()
        .with("ctx", (args, call) -> args.isEmpty() ? Map.of("x", 1L) : Map.of("x", 1L).get(args.get(0)))
        .with("who", (args, call) -> List.of(call.hasReceiver(), args, call.named(), call.root()));
    assertThat(Yaql.evaluate("ctx(x) + ctx().x", null, fns)).isEqualTo(2L);
    assertThat(Yaql.evaluate("5.who(6, k => 7)", "R", fns)).isEqualTo(List.of(true, List.of(5L, 6L), Map.of("k", 7L), "R"));
    assertThat(Yaql.evaluate("[1, 2].select(who())", "R", fns))
        .isEqualTo(List.of(List.of(false, List.of(), Map.of(), "R"), List.of(false, List.of(), Map.of(), "R")));
  }

  @Test
  void callerFunctionsCanEvaluateLambdasWithANewDollar() {
    YaqlFunctions fns = YaqlFunctions.standard().with("twice", (args, call) -> {
      YaqlLambda f = call.lambda(1);
      return f.apply(f.apply(args.get(0)));
    });
    assertThat(Yaql.evaluate("3.twice($ * 10)", null, fns)).isEqualTo(300L);
    assertThat(Yaql.evaluate("twice(3, $ + $1)", null, fns)).isEqualTo(12L);
  }

  @Test
  void argumentsAreEvaluatedOnlyWhenRead() {
    YaqlFunctions fns = YaqlFunctions.standard().with("first", (args, call) -> args.get(0));
    assertThat(Yaql.evaluate("first(1, nosuch())", null, fns)).isEqualTo(1L);
  }

  @Test
  void withReplacesAFunctionWithoutTouchingTheOriginal() {
    YaqlFunctions mine = YaqlFunctions.standard().with("len", (args, call) -> 42L);
    assertThat(Yaql.evaluate("len([1])", null, mine)).isEqualTo(42L);
    assertThat(Yaql.evaluate("len([1])", null, YaqlFunctions.standard())).isEqualTo(1L);
  }

  @Test
  void acceptsAnyJavaNumberAndReturnsLongOrDouble() {
    assertThat(eval("$", 3)).isEqualTo(3L);
    assertThat(eval("$ + 1", 3)).isEqualTo(4L);
    assertThat(eval("$ * 2", 1.5f)).isEqualTo(3.0);
    assertThat(eval("$", List.of(1, 2))).isEqualTo(List.of(1L, 2L));
    assertThat(eval("set(1, 2, 1)")).isEqualTo(List.of(1L, 2L));
  }
}
