package dev.squall.bench;

/**
 * One measured figure beside its DESIGN.md target. {@code p50}/{@code p99} hold the value for
 * single-valued figures (throughput, memory) in {@code p50} and NaN in {@code p99}.
 *
 * @param higherIsBetter true for throughput, false for latency, memory and time
 */
record Figure(String name, double p50, double p99, String unit, double target, boolean higherIsBetter,
    String targetText, String note) {

  boolean meetsTarget() {
    double v = Double.isNaN(p99) ? p50 : p99;
    return higherIsBetter ? p50 >= target : v <= target;
  }

  String verdict() {
    if (Double.isNaN(p50)) {
      return "not measured";
    }
    if (meetsTarget()) {
      return "meets";
    }
    double v = Double.isNaN(p99) ? p50 : p99;
    double ratio = higherIsBetter ? target / Math.max(p50, 1e-9) : v / target;
    return String.format("misses (%.1fx)", ratio);
  }
}
