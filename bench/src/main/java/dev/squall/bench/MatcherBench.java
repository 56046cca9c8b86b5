package dev.squall.bench;

import dev.squall.core.alias.ActionAlias;
import dev.squall.core.alias.AliasFormat;
import dev.squall.core.alias.AliasMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The alias matcher alone: cost of matching one chat command against 100, 1,000 and 10,000
 * aliases of varied shapes (literal words, parameters, defaults, trailing key=value pairs).
 */
final class MatcherBench {

  private static final String[] VERBS = {"deploy", "restart", "show", "scale", "rollback", "check", "run", "get"};

  private MatcherBench() {}

  static List<Figure> run(boolean quick) {
    List<Figure> figures = new ArrayList<>();
    for (int n : new int[] {100, 1_000, 10_000}) {
      figures.add(measure(n, quick ? 20_000 : 100_000));
    }
    return figures;
  }

  private static Figure measure(int aliases, int commands) {
    AliasMatcher matcher = new AliasMatcher();
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
    String[] sample = new String[1024];
    for (int i = 0; i < sample.length; i++) {
      int a = random.nextInt(aliases);
      String verb = VERBS[a % VERBS.length];
      sample[i] = switch (a % 4) {
        case 0 -> verb + " service" + a + " prod";
        case 1 -> verb + " app" + a + " to prod";
        case 2 -> verb + " node" + a + " 3 times";
        default -> verb + " job" + a + " force=true";
      };
    }
    for (int i = 0; i < commands; i++) {
      matcher.match(sample[i % sample.length]);
    }
    double[] micros = new double[commands];
    for (int i = 0; i < commands; i++) {
      long t0 = System.nanoTime();
      matcher.match(sample[i % sample.length]);
      micros[i] = (System.nanoTime() - t0) / 1e3;
    }
    return new Figure(String.format("alias matching per command, %,d aliases", aliases),
        Stats.percentile(micros, 50), Stats.percentile(micros, 99), "us", 50, Double.NaN, false, "<= 50 us at 10,000",
        commands + " matches after as many warm-up");
  }
}
