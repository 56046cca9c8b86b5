package dev.squall.core.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CriteriaTest {

  private static final Clock NOON =
      Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
  private final Criteria criteria = new Criteria(NOON, PatternRenderer.none());

  private static Map<String, Object> criterion(String type, Object pattern) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", type);
    c.put("pattern", pattern);
    return c;
  }

  private CriteriaResult test(String key, String type, Object pattern, Map<String, Object> payload) {
    return criteria.matches(Map.of(key, criterion(type, pattern)), payload);
  }

  private boolean matchesValue(String type, Object value, Object pattern) {
    Map<String, Object> payload = new HashMap<>();
    payload.put("other", 1);
    if (value != null) {
      payload.put("v", value);
    }
    return test("trigger.v", type, pattern, payload).matched();
  }

  static Stream<Arguments> everyOperator() {
    return Stream.of(
        // operator, value, pattern, match?
        Arguments.of("equals", "abc", "abc", true),
        Arguments.of("equals", "abc", "abd", false),
        Arguments.of("eq", 5, 5.0, true),
        Arguments.of("eq", "5", 5, false),
        Arguments.of("equals", true, 1, true),
        Arguments.of("equals", List.of(1, "a"), List.of(1, "a"), true),
        Arguments.of("nequals", "abc", "abd", true),
        Arguments.of("neq", "abc", "abc", false),
        Arguments.of("iequals", "ABC", "abc", true),
        Arguments.of("ieq", "ABC", "abd", false),
        Arguments.of("lessthan", 3, 5, true),
        Arguments.of("lt", 5, 3, false),
        Arguments.of("lt", "apple", "banana", true),
        Arguments.of("lt", "5", 3, false),
        Arguments.of("greaterthan", 5.5, 5, true),
        Arguments.of("gt", 3, 5, false),
        Arguments.of("matchwildcard", "server-01.prod", "server-*.prod", true),
        Arguments.of("matchwildcard", "server-01.prod", "server-?.prod", false),
        Arguments.of("matchwildcard", "b1", "[abc][!2]", true),
        Arguments.of("matchwildcard", "Server", "server", false),
        Arguments.of("matchregex", "foobar", "foo.*", true),
        Arguments.of("matchregex", "foobar", "bar", false),
        Arguments.of("matchregex", "line1\nline2", "line1.line2", true),
        Arguments.of("regex", "foobar", "bar", true),
        Arguments.of("regex", "foobar", "^bar", false),
        Arguments.of("regex", "foobar", "(?P<first>fo+)(?P=first)?bar", true),
        Arguments.of("regex", "db_1.example", "(?P<host_name>\\w+)\\.example\\Z", true),
        Arguments.of("iregex", "FOOBAR", "bar$", true),
        Arguments.of("iregex", "FOOBAR", "baz", false),
        Arguments.of("contains", "hello world", "lo w", true),
        Arguments.of("contains", List.of("a", "b"), "b", true),
        Arguments.of("contains", Map.of("k", 1), "k", true),
        Arguments.of("contains", "hello", "HELLO", false),
        Arguments.of("ncontains", "hello", "xyz", true),
        Arguments.of("ncontains", "hello", "ell", false),
        Arguments.of("icontains", "Hello World", "WORLD", true),
        Arguments.of("icontains", "Hello", "bye", false),
        Arguments.of("incontains", "Hello", "BYE", true),
        Arguments.of("incontains", "Hello", "HELL", false),
        Arguments.of("startswith", "deploy-prod", "deploy", true),
        Arguments.of("startswith", "deploy-prod", "Deploy", false),
        Arguments.of("istartswith", "deploy-prod", "DEPLOY", true),
        Arguments.of("istartswith", "deploy-prod", "prod", false),
        Arguments.of("endswith", "deploy-prod", "-prod", true),
        Arguments.of("endswith", "deploy-prod", "-PROD", false),
        Arguments.of("iendswith", "deploy-prod", "-PROD", true),
        Arguments.of("iendswith", "deploy-prod", "deploy", false),
        Arguments.of("timediff_lt", "2026-11-25T11:59:00Z", 120, true),
        Arguments.of("td_lt", "2026-11-25 11:00:00", 120, false),
        Arguments.of("timediff_gt", "2026-11-25 11:00:00.123456+00:00", 3000, true),
        Arguments.of("td_gt", "2026-11-25T12:59:00+01:00", 120, false),
        Arguments.of("exists", "x", null, true),
        Arguments.of("exists", null, "anything", false),
        Arguments.of("nexists", null, null, true),
        Arguments.of("nexists", "x", null, false),
        Arguments.of("inside", "b", List.of("a", "b"), true),
        Arguments.of("in", "ell", "hello", true),
        Arguments.of("in", "z", List.of("a", "b"), false),
        Arguments.of("ninside", "z", List.of("a", "b"), true),
        Arguments.of("nin", "a", List.of("a", "b"), false));
  }

  @ParameterizedTest(name = "{0}: {1} vs {2} -> {3}")
  @MethodSource("everyOperator")
  void everyOperatorMatchesAsStackStormDoes(String op, Object value, Object pattern,
      boolean expected) {
    assertThat(matchesValue(op, value, pattern)).isEqualTo(expected);
  }

  @Test
  void everyOperatorNameIsCovered() {
    List<String> tested = everyOperator().map(a -> (String) a.get()[0]).toList();
    List<String> untested = Operator.allNames().stream()
        .filter(n -> !tested.contains(n) && !n.equals("search")).toList();
    assertThat(untested).isEmpty();
  }

  @Test
  void operatorNamesAreCaseInsensitive() {
    assertThat(matchesValue("EQUALS", "a", "a")).isTrue();
  }

  @Test
  void nullPatternFailsEveryOperatorButNequalsAndExistence() {
    assertThat(matchesValue("equals", "a", null)).isFalse();
    assertThat(matchesValue("contains", "a", null)).isFalse();
    assertThat(matchesValue("nequals", "a", null)).isTrue();
  }

  @Test
  void typeMismatchFailsWithAPythonStyleReason() {
    CriteriaResult r = test("trigger.count", "lessthan", 10, Map.of("count", "5"));
    assertThat(r.matched()).isFalse();
    assertThat(r.key()).isEqualTo("trigger.count");
    assertThat(r.payloadValue()).isEqualTo("5");
    assertThat(r.reason()).contains("'<' not supported between instances of 'str' and 'int'");
  }

  @Test
  void negatedOperatorsFailOnAMissingValueLikeStackStorm() {
    // `pattern not in None` raises TypeError in Python, so the criterion fails.
    assertThat(matchesValue("ncontains", null, "x")).isFalse();
    assertThat(matchesValue("incontains", null, "x")).isFalse();
  }

  @Test
  void nonMatchSaysWhichCriterionFailedAndWhy() {
    Map<String, Object> criteria = new LinkedHashMap<>();
    criteria.put("trigger.route", criterion("equals", "hubot"));
    criteria.put("trigger.status", criterion("equals", "succeeded"));
    CriteriaResult r = this.criteria.matches(criteria, Map.of("route", "hubot", "status", "failed"));
    assertThat(r.matched()).isFalse();
    assertThat(r.key()).isEqualTo("trigger.status");
    assertThat(r.operator()).isEqualTo("equals");
    assertThat(r.pattern()).isEqualTo("succeeded");
    assertThat(r.payloadValue()).isEqualTo("failed");
    assertThat(r.reason())
        .isEqualTo("trigger.status is 'failed', which does not satisfy equals 'succeeded'");
  }

  @Test
  void looksUpNestedPathsIntoMapsAndLists() {
    Map<String, Object> payload = Map.of("body", Map.of(
        "repository", Map.of("name", "squall"),
        "commits", List.of(Map.of("id", "a1"), Map.of("id", "b2"))));
    assertThat(test("trigger.body.repository.name", "eq", "squall", payload).matched()).isTrue();
    assertThat(test("trigger.body.commits[1].id", "eq", "b2", payload).matched()).isTrue();
    assertThat(test("trigger.body.commits[-1].id", "eq", "b2", payload).matched()).isTrue();
    assertThat(test("trigger.body.commits.0.id", "eq", "a1", payload).matched()).isTrue();
    assertThat(test("trigger.body.commits[*].id", "eq", "a1", payload).matched()).isTrue();
    assertThat(test("trigger.body.commits[5].id", "nexists", null, payload).matched()).isTrue();
    assertThat(test("trigger.body.missing.deeper", "exists", "x", payload).reason())
        .isEqualTo("trigger.body.missing.deeper does not exist in the payload");
  }

  @Test
  void quotedFieldsReachKeysWithDots() {
    Map<String, Object> payload = Map.of("headers", Map.of("X-Event.Type", "push"));
    assertThat(test("trigger.headers.\"X-Event.Type\"", "eq", "push", payload).matched()).isTrue();
  }

  @Test
  void hashSuffixTestsOneFieldTwice() {
    Map<String, Object> criteria = new LinkedHashMap<>();
    criteria.put("trigger.n#low", criterion("gt", 1));
    criteria.put("trigger.n#high", criterion("lt", 10));
    assertThat(this.criteria.matches(criteria, Map.of("n", 5)).matched()).isTrue();
    assertThat(this.criteria.matches(criteria, Map.of("n", 50)).key()).isEqualTo("trigger.n#high");
  }

  @Test
  void emptyPayloadNeverMatchesARuleWithCriteria() {
    assertThat(test("trigger.x", "nexists", null, Map.of()).matched()).isFalse();
    assertThat(criteria.matches(Map.of(), Map.of()).matched()).isTrue();
  }

  @Test
  void regexMatchIsAnchoredAtStartButRegexSearchesAnywhere() {
    assertThat(matchesValue("matchregex", "xx-error-yy", "error")).isFalse();
    assertThat(matchesValue("matchregex", "error-yy", "error")).isTrue();
    assertThat(matchesValue("regex", "xx-error-yy", "error")).isTrue();
    // re.match anchors only the start: a pattern matching a prefix is enough.
    assertThat(matchesValue("matchregex", "error-yy", "err")).isTrue();
    assertThat(matchesValue("regex", "ab\n", "ab\\Z")).isFalse();
    assertThat(matchesValue("regex", "ab", "ab\\Z")).isTrue();
  }

  @Test
  void badRegexFailsTheCriterionWithTheReason() {
    CriteriaResult r = test("trigger.v", "regex", "(unclosed", Map.of("v", "x"));
    assertThat(r.matched()).isFalse();
    assertThat(r.reason()).contains("invalid regex '(unclosed'");
  }

  @Test
  void catastrophicRegexFailsInsteadOfStalling() {
    CriteriaResult r = test("trigger.v", "regex", "^(a+)+(b)\\2$", Map.of("v", "a".repeat(40)));
    assertThat(r.matched()).isFalse();
    assertThat(r.reason()).contains("took too long");
  }

  @Test
  void timediffUsesTheInjectedClockAndReadsNaiveDatesAsUtc() {
    // 30 s before NOON, written without an offset
    assertThat(matchesValue("timediff_lt", "2026-11-25 11:59:30", 60)).isTrue();
    assertThat(matchesValue("timediff_gt", "2026-11-25 11:59:30", 60)).isFalse();
    CriteriaResult bad = test("trigger.v", "timediff_lt", 60, Map.of("v", "yesterday"));
    assertThat(bad.reason()).contains("is not a date-time");
  }

  @Test
  void searchAnyMatchesWhenOneItemMatchesAllChildCriteria() {
    Map<String, Object> children = new LinkedHashMap<>();
    children.put("item.field_name", criterion("equals", "Status"));
    children.put("item.to_value", criterion("equals", "Approved"));
    Map<String, Object> search = new LinkedHashMap<>(Map.of("type", "search", "condition", "any",
        "pattern", children));
    Map<String, Object> payload = Map.of("fields", List.of(
        Map.of("field_name", "Status", "to_value", "Pending"),
        Map.of("field_name", "Status", "to_value", "Approved")));
    assertThat(criteria.matches(Map.of("trigger.fields", search), payload).matched()).isTrue();

    Map<String, Object> noneApproved = Map.of("fields", List.of(
        Map.of("field_name", "Status", "to_value", "Pending"),
        Map.of("field_name", "Owner", "to_value", "Approved")));
    CriteriaResult r = criteria.matches(Map.of("trigger.fields", search), noneApproved);
    assertThat(r.matched()).isFalse();
    assertThat(r.reason()).startsWith("no item of trigger.fields matches every criterion");
  }

  @Test
  void searchAllNeedsEveryItemToMatch() {
    Map<String, Object> search = Map.of("type", "search", "condition", "all",
        "pattern", Map.of("item.state", criterion("equals", "ok")));
    Map<String, Object> allOk = Map.of("checks", List.of(Map.of("state", "ok"), Map.of("state", "ok")));
    Map<String, Object> oneBad = Map.of("checks", List.of(Map.of("state", "ok"), Map.of("state", "down")));
    assertThat(criteria.matches(Map.of("trigger.checks", search), allOk).matched()).isTrue();
    CriteriaResult r = criteria.matches(Map.of("trigger.checks", search), oneBad);
    assertThat(r.matched()).isFalse();
    assertThat(r.reason()).startsWith("item 1 of trigger.checks: item.state is 'down'");
    assertThat(criteria.matches(Map.of("trigger.checks", search), Map.of("checks", List.of()))
        .matched()).isTrue();
  }

  @Test
  void searchRejectsAnUnknownCondition() {
    Map<String, Object> search = Map.of("type", "search", "condition", "some",
        "pattern", Map.of("item.state", criterion("equals", "ok")));
    CriteriaResult r = criteria.matches(Map.of("trigger.checks", search),
        Map.of("checks", List.of(Map.of("state", "ok"))));
    assertThat(r.reason()).contains("The 'some' search condition is not recognized");
  }

  @Test
  void rendersStringPatternsWithTheCallersHookOnly() {
    UnaryOperator<Object> render = p -> ((String) p).replace("{{ st2kv.system.env }}", "prod");
    CriteriaResult r = Criteria.matches(
        Map.of("trigger.env", criterion("equals", "{{ st2kv.system.env }}"),
            "trigger.n", criterion("equals", 3)),
        Map.of("env", "prod", "n", 3), NOON, render);
    assertThat(r.matched()).isTrue();
  }

  @Test
  void searchChildPatternsAreRenderedAgainstTheItem() {
    PatternRenderer render = (pattern, context) ->
        pattern.equals("{{ item.expected }}") ? ((Map<?, ?>) context.get("item")).get("expected")
            : pattern;
    Map<String, Object> search = Map.of("type", "search", "condition", "all",
        "pattern", Map.of("item.actual", criterion("equals", "{{ item.expected }}")));
    Map<String, Object> payload = Map.of("rows", List.of(Map.of("actual", 1, "expected", 1)));
    assertThat(new Criteria(NOON, render).matches(Map.of("trigger.rows", search), payload).matched())
        .isTrue();
  }

  @Test
  void renderFailureFailsTheCriterion() {
    PatternRenderer broken = (p, c) -> {
      throw new IllegalStateException("unknown filter");
    };
    CriteriaResult r = new Criteria(NOON, broken)
        .matches(Map.of("trigger.x", criterion("equals", "{{ x | nope }}")), Map.of("x", 1));
    assertThat(r.reason()).isEqualTo(
        "Failed to render pattern value \"{{ x | nope }}\" for key \"trigger.x\": unknown filter");
  }

  @Test
  void unknownOperatorNamesTheClosest() {
    assertThat(test("trigger.x", "equal", "a", Map.of("x", "a")).reason())
        .isEqualTo("trigger.x: unknown operator \"equal\" (did you mean \"equals\"?)");
  }
}
