package dev.squall.bench;

/**
 * One measured figure beside its DESIGN.md target. Single-valued figures (throughput, memory)
 * carry their value in {@code p50} and NaN in {@code p99}. A target is given for p50, for p99, or
 * both (NaN where DESIGN.md sets none).
 *
 * @param higherIsBetter true for throughput, false for latency, memory and time
 */
record Figure(String name, double p50, double p99, String unit, double targetP50, double targetP99,
    boolean higherIsBetter, String targetText, String note) {

  boolean meetsTarget() {
    return ratio() <= 1.0;
  }

  /** How far the worst judged value is from its target: ≤ 1 meets it, 2.0 is twice as bad. */
  double ratio() {
    double worst = 0;
    if (!Double.isNaN(targetP50)) {
      worst = Math.max(worst, higherIsBetter ? targetP50 / Math.max(p50, 1e-9) : p50 / targetP50);
    }
    if (!Double.isNaN(targetP99) && !Double.isNaN(p99)) {
      worst = Math.max(worst, p99 / targetP99);
    }
    return worst;
  }

  String verdict() {
    if (Double.isNaN(p50)) {
      return "not measured";
    }
    if (Double.isNaN(targetP50) && Double.isNaN(targetP99)) {
      return "recorded";
    }
    return meetsTarget() ? "meets" : String.format("misses (%.1fx)", ratio());
  }
}
