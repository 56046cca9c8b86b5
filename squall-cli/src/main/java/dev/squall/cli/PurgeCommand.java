package dev.squall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "purge",
    mixinStandardHelpOptions = true,
    description = {
        "Remove what the server recorded before a date, now, whatever the retention.* settings:",
        "finished executions that ended before it (with their output), trigger instances and",
        "rule enforcements from before it, login tokens that expired before it, and audit records",
        "made before it. Queued and running executions, and those with a notification still to",
        "deliver, are kept.",
        "Administrators only. The server also purges by itself what is older than its",
        "retention.* settings (by default: executions 30 days, output 7 days).",
        "",
        "Example: squall purge --before 2026-01-31   (midnight UTC)",
        "         squall purge --before 2026-01-31T12:00:00Z"})
final class PurgeCommand implements Callable<Integer> {

  private final CliEnvironment env;

  @Option(names = "--before", required = true, paramLabel = "DATE",
      description = "a date (YYYY-MM-DD, midnight UTC) or an ISO-8601 time such as 2026-01-31T12:00:00Z")
  String before;

  PurgeCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    JsonNode r = env.api().post("/api/v1/purge", Map.of("before", before));
    env.out().printf("Removed from before %s: %d executions (with their output), the output of %d"
            + " more, %d trigger instances, %d rule enforcements, %d expired tokens, %d audit records.%n",
        r.path("before").asText(), r.path("executions").asLong(), r.path("outputs").asLong(),
        r.path("trigger_instances").asLong(), r.path("rule_enforcements").asLong(),
        r.path("tokens").asLong(), r.path("audit_records").asLong());
    return 0;
  }
}
