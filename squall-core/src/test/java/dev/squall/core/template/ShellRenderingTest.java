package dev.squall.core.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellRenderingTest {

  private final TemplateEngine engine = new TemplateEngine();

  private String shell(String template, Object text) {
    return engine.renderShell(template, Map.of("text", text));
  }

  @Test
  void quotesAValueWithAShellMetacharacter() {
    assertThat(shell("echo {{ text }}", "a; rm -rf ~")).isEqualTo("echo 'a; rm -rf ~'");
  }

  @Test
  void commandSubstitutionStaysLiteral() {
    assertThat(shell("echo {{ text }}", "$(id)")).isEqualTo("echo '$(id)'");
    assertThat(shell("echo {{ text }}", "`id`")).isEqualTo("echo '`id`'");
  }

  @Test
  void embeddedQuotesCannotCloseTheQuoting() {
    assertThat(shell("echo {{ text }}", "\"; touch /tmp/pwned")).isEqualTo("echo '\"; touch /tmp/pwned'");
    assertThat(shell("echo {{ text }}", "it's'; touch /tmp/pwned; '"))
        .isEqualTo("echo 'it'\\''s'\\''; touch /tmp/pwned; '\\'''");
  }

  @Test
  void runsInARealShellAsOneWord() throws Exception {
    String hostile = "x'; touch /tmp/pwned-squall; echo '$(id) `id` \"q\"";
    String command = shell("printf %s {{ text }}", hostile);
    Process p = new ProcessBuilder("/bin/sh", "-c", command).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    assertThat(out).isEqualTo(hostile);
  }

  @Test
  void safeFilterIsTheAuthorsOptOut() {
    assertThat(shell("ls {{ text | safe }}", "-la /tmp")).isEqualTo("ls -la /tmp");
  }

  @Test
  void everyExpressionIsQuotedIncludingInLoopsAndFilters() {
    String out = engine.renderShell("rm {% for f in files %}{{ f }} {% endfor %}&& echo {{ files | join(',') }}",
        Map.of("files", List.of("a b", "$(x)")));
    assertThat(out).isEqualTo("rm 'a b' '$(x)' && echo 'a b,$(x)'");
  }

  @Test
  void emptyAndMissingValuesBecomeAnEmptyWord() {
    assertThat(shell("cmd {{ text }} {{ missing }}", "")).isEqualTo("cmd '' ''");
  }

  @Test
  void plainRenderingDoesNotQuote() {
    assertThat(engine.render("echo {{ text }}", Map.of("text", "a b"))).isEqualTo("echo a b");
  }

  @Test
  void valueInsideDoubleQuotesIsEscapedForDoubleQuotes() {
    assertThat(shell("echo \"{{ text }}\" > /etc/hostname", "web1")).isEqualTo("echo \"web1\" > /etc/hostname");
    assertThat(shell("echo \"x {{ text }}\"", "$(id) `id` \\ \"")).isEqualTo("echo \"x \\$(id) \\`id\\` \\\\ \\\"\"");
  }

  @Test
  void valueInsideSingleQuotesCannotCloseThem() {
    assertThat(shell("echo '{{ text }}'", "it's")).isEqualTo("echo 'it'\\''s'");
  }

  @Test
  void valueInACommentCannotStartANewLine() {
    assertThat(shell("true # {{ text }}", "x\nrm -rf ~")).isEqualTo("true # x rm -rf ~");
  }

  @Test
  void valueAfterABackslashKeepsItsFirstCharacterEscaped() {
    assertThat(shell("echo \\{{ text }}", "a; id")).isEqualTo("echo \\a'; id'");
  }

  @Test
  void valueInCommandSubstitutionInsideDoubleQuotesIsQuotedForItsOwnContext() {
    assertThat(shell("echo \"$(basename {{ text }})\"", "a b;c")).isEqualTo("echo \"$(basename 'a b;c')\"");
  }

  @Test
  void hostileValuesInEveryContextRunAsPlainText() throws Exception {
    String hostile = "x'\"; touch /tmp/pwned-squall-2; echo `id` $(id) \\ '";
    String command = shell("printf '%s|%s|%s' {{ text }} \"{{ text }}\" '{{ text }}'", hostile);
    Process p = new ProcessBuilder("/bin/sh", "-c", command).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    assertThat(out).isEqualTo(hostile + "|" + hostile + "|" + hostile);
  }

  @Test
  void aValueCannotForgeAPlaceholder() {
    assertThat(shell("echo {{ text }}", "\u00000\u0000 \u0000ab:0\u0000")).isEqualTo("echo '\u00000\u0000 \u0000ab:0\u0000'");
  }

  @Test
  void macroOutputIsQuotedAsOneWordUnlessSafe() {
    String macro = "{% macro m(v) %}--opt={{ v }}{% endmacro %}";
    assertThat(shell(macro + "cmd {{ m(text) }}", "a b")).isEqualTo("cmd '--opt=a b'");
    assertThat(shell(macro + "cmd {{ m(text) | safe }}", "a b")).isEqualTo("cmd --opt='a b'");
  }
}
