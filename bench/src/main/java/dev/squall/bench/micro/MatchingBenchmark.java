package dev.squall.bench.micro;

import dev.squall.core.alias.ActionAlias;
import dev.squall.core.alias.AliasFormat;
import dev.squall.core.alias.AliasMatch;
import dev.squall.core.alias.AliasMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One chat command matched against 100, 1,000 or 10,000 aliases of varied shapes (literal words,
 * parameters, defaults, trailing key=value pairs).
 */
@State(Scope.Benchmark)
public class MatchingBenchmark {

  private static final String[] VERBS = {"deploy", "restart", "show", "scale", "rollback", "check", "run", "get"};

  @Param({"100", "1000", "10000"})
  public int aliases;

  private AliasMatcher matcher;
  private String[] commands;
  private int next;

  @Setup
  public void build() {
    matcher = new AliasMatcher();
    List<ActionAlias> all = new ArrayList<>();
    for (int i = 0; i < aliases; i++) {
      String verb = VERBS[i % VERBS.length];
      String format = switch (i % 4) {
        case 0 -> verb + " service" + i + " {{env}}";
        case 1 -> verb + " app" + i + " to {{env=staging}}";
        case 2 -> verb + " node" + i + " {{count}} times";
        default -> verb + " job" + i;
      };
      all.add(new ActionAlias("bench", "a" + i, null, true, "core.noop",
          List.of(AliasFormat.of(format)), Map.of(), Map.of(), Map.of(), Map.of(), null));
    }
    matcher.replacePack("bench", all);
    Random random = new Random(42);
    commands = new String[1024];
    for (int i = 0; i < commands.length; i++) {
      int a = random.nextInt(aliases);
      String verb = VERBS[a % VERBS.length];
      commands[i] = switch (a % 4) {
        case 0 -> verb + " service" + a + " prod";
        case 1 -> verb + " app" + a + " to prod";
        case 2 -> verb + " node" + a + " 3 times";
        default -> verb + " job" + a + " force=true";
      };
    }
  }

  @Benchmark
  public AliasMatch match() {
    next = (next + 1) & (commands.length - 1);
    return matcher.match(commands[next]);
  }
}
