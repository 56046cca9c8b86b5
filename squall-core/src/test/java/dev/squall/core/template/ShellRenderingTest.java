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
}
