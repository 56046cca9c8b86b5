package dev.squall.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.annotations.Mode;

/**
 * The JMH micro-benchmarks ({@code dev.squall.bench.micro}): alias matching, template rendering
 * and parameter casting, sampled per call in a forked JVM, reported as p50/p99.
 */
final class MicroBench {

  private MicroBench() {}

  static List<Figure> run(boolean quick) throws Exception {
    Options options = new OptionsBuilder()
        .include("dev\\.squall\\.bench\\.micro\\..*")
        .mode(Mode.SampleTime)
        .timeUnit(TimeUnit.MICROSECONDS)
        .forks(1)
        .warmupIterations(quick ? 2 : 3).warmupTime(TimeValue.seconds(1))
        .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.seconds(1))
        .jvmArgsAppend("-XX:+UseSerialGC", "--sun-misc-unsafe-memory-access=allow")
        .shouldFailOnError(true)
        .shouldDoGC(false)
        .verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT)
        .build();
    Collection<RunResult> results = new Runner(options).run();
    List<Figure> figures = new ArrayList<>();
    for (RunResult r : results) {
      String bench = r.getParams().getBenchmark().replace("dev.squall.bench.micro.", "");
      var stats = r.getPrimaryResult().getStatistics();
      String aliases = r.getParams().getParam("aliases");
      if (bench.startsWith("MatchingBenchmark")) {
        figures.add(new Figure(String.format("alias matching per command, %,d aliases (JMH)", Integer.parseInt(aliases)),
            stats.getPercentile(50), stats.getPercentile(99), "us", 50, Double.NaN, false,
            "<= 50 us at 10,000", "JMH sample time, 1 fork"));
      } else if (bench.equals("YaqlBenchmark.transitionWhen")) {
        figures.add(new Figure("YAQL transition 'when', parsed once (JMH)", stats.getPercentile(50),
            stats.getPercentile(99), "us", 10, Double.NaN, false, "<= 10 us", "JMH sample time, 1 fork"));
      } else {
        figures.add(new Figure(bench + " (JMH)", stats.getPercentile(50), stats.getPercentile(99), "us",
            Double.NaN, Double.NaN, false, "- (no target)", "JMH sample time, 1 fork"));
      }
    }
    return figures;
  }
}
