package dev.squall.chat;

import dev.squall.core.config.ConfigException;
import dev.squall.core.config.Config;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the bot behaves, from the {@code chat} section of the configuration.
 *
 * @param name the bot's name: {@code @name}, {@code name:} and {@code name,} address it
 * @param prefix a command prefix that addresses the bot in rooms ({@code !help})
 * @param maxLineLength longer commands are refused (hostile input)
 * @param maxParts the most messages one reply is split into; the last one then points to the CLI
 * @param threadResponse whether replies go into the thread a command came from, unless an alias's
 *     {@code extra.<platform>.thread_response} says otherwise
 * @param answerUnknown whether a command that matches no alias gets a "did you mean" answer
 * @param answerUnknownByAdapter per-adapter overrides of {@code answerUnknown}
 *     ({@code chat.<adapter>.answer_unknown})
 * @param defaultUser the Squall user unmapped chat users run as
 * @param users {@code adapter:user-id} → Squall user
 * @param maxLines on line-based platforms (IRC, XMPP), the most lines of a result posted before a
 *     link to the execution takes the place of the rest ({@code chat.max_lines})
 * @param maxLinesByAdapter per-adapter overrides of {@code maxLines} ({@code chat.<adapter>.max_lines})
 * @param progress when and how often running executions get a progress message
 *     ({@code chat.progress_after}, {@code chat.progress_interval}, {@code chat.<adapter>.progress_lines})
 */
public record BotSettings(
    String name, String prefix, int maxLineLength, int maxParts, boolean threadResponse,
    boolean answerUnknown, Map<String, Boolean> answerUnknownByAdapter, String defaultUser,
    Map<String, String> users, int maxLines, Map<String, Integer> maxLinesByAdapter,
    ProgressSettings progress) {

  public static final String DEFAULT_NAME = "squall";
  public static final String DEFAULT_PREFIX = "!";
  public static final int DEFAULT_MAX_LINE_LENGTH = 4_000;
  public static final int DEFAULT_MAX_PARTS = 10;
  public static final String DEFAULT_USER = "chatops";
  public static final int DEFAULT_MAX_LINES = 10;

  public BotSettings {
    if (maxParts < 2) {
      throw new ConfigException("chat.max_parts", "must be at least 2, not " + maxParts);
    }
    if (maxLineLength < 1) {
      throw new ConfigException("chat.max_line_length", "must be positive, not " + maxLineLength);
    }
    if (maxLines < 1 || maxLinesByAdapter.values().stream().anyMatch(n -> n < 1)) {
      throw new ConfigException("chat.max_lines", "must be at least 1");
    }
    maxLinesByAdapter = Map.copyOf(maxLinesByAdapter);
    prefix = prefix == null ? "" : prefix;
    users = Map.copyOf(users);
    answerUnknownByAdapter = Map.copyOf(answerUnknownByAdapter);
    progress = progress == null ? ProgressSettings.defaults() : progress;
  }

  /** Settings with the default progress reports. */
  public BotSettings(String name, String prefix, int maxLineLength, int maxParts, boolean threadResponse,
      boolean answerUnknown, Map<String, Boolean> answerUnknownByAdapter, String defaultUser,
      Map<String, String> users, int maxLines, Map<String, Integer> maxLinesByAdapter) {
    this(name, prefix, maxLineLength, maxParts, threadResponse, answerUnknown, answerUnknownByAdapter,
        defaultUser, users, maxLines, maxLinesByAdapter, ProgressSettings.defaults());
  }

  /** Settings with the default {@code chat.max_lines} everywhere. */
  public BotSettings(String name, String prefix, int maxLineLength, int maxParts, boolean threadResponse,
      boolean answerUnknown, Map<String, Boolean> answerUnknownByAdapter, String defaultUser,
      Map<String, String> users) {
    this(name, prefix, maxLineLength, maxParts, threadResponse, answerUnknown, answerUnknownByAdapter,
        defaultUser, users, DEFAULT_MAX_LINES, Map.of());
  }

  /** The most result lines this adapter posts, when it is line-based. */
  public int maxLines(String adapter) {
    return maxLinesByAdapter.getOrDefault(adapter, maxLines);
  }

  /** How a room line addresses the bot, to put before a command in hints: {@code !} or {@code @name }. */
  public String address() {
    return prefix.isEmpty() ? "@" + name + " " : prefix;
  }

  /** Whether an unknown command from this adapter gets an answer. */
  public boolean answerUnknown(String adapter) {
    return answerUnknownByAdapter.getOrDefault(adapter, answerUnknown);
  }

  public static BotSettings defaults() {
    return new BotSettings(DEFAULT_NAME, DEFAULT_PREFIX, DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_PARTS,
        true, true, Map.of(), DEFAULT_USER, Map.of());
  }

  /** The platforms a section {@code chat.<name>} may be for (its {@code type}, by default its name). */
  public static final List<String> PLATFORMS =
      List.of("irc", "xmpp", "slack", "mattermost", "discord", "matrix", "teams");

  /**
   * The sections under {@code chat} that may declare adapters: those of {@code squall.yaml}, and
   * a platform's own section as soon as an environment variable sets one of its keys
   * ({@code SQUALL_CHAT_SLACK_BOT_TOKEN=…} alone gives a {@code slack} adapter), so a container
   * is configured with the environment only.
   */
  public static List<String> adapterSections(Config config) {
    java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>(config.sectionNames("chat"));
    for (String platform : PLATFORMS) {
      if (config.setInEnvironment("chat." + platform)) {
        names.add(platform);
      }
    }
    return List.copyOf(names);
  }

  public static BotSettings from(Config config) {
    Map<String, String> users = new LinkedHashMap<>();
    config.section("chat.users").forEach((k, v) -> users.put(k, String.valueOf(v)));
    Map<String, Boolean> answer = new LinkedHashMap<>();
    Map<String, Integer> maxLines = new LinkedHashMap<>();
    Map<String, Integer> progressLines = new LinkedHashMap<>();
    for (String adapter : adapterSections(config)) {
      if (config.get("chat." + adapter + ".progress_lines").isPresent()) {
        progressLines.put(adapter, config.integer("chat." + adapter + ".progress_lines", 0));
      }
      if (config.get("chat." + adapter + ".max_lines").isPresent()) {
        maxLines.put(adapter, config.integer("chat." + adapter + ".max_lines", DEFAULT_MAX_LINES));
      }
      if (config.get("chat." + adapter + ".answer_unknown").isPresent()) {
        answer.put(adapter, config.bool("chat." + adapter + ".answer_unknown", true));
      }
    }
    return new BotSettings(
        config.string("chat.name", DEFAULT_NAME),
        config.string("chat.prefix", DEFAULT_PREFIX),
        config.integer("chat.max_line_length", DEFAULT_MAX_LINE_LENGTH),
        config.integer("chat.max_parts", DEFAULT_MAX_PARTS),
        config.bool("chat.thread_response", true),
        config.bool("chat.answer_unknown", true),
        answer,
        config.string("chat.default_user", DEFAULT_USER),
        users,
        config.integer("chat.max_lines", DEFAULT_MAX_LINES),
        maxLines,
        new ProgressSettings(
            Duration.ofSeconds(config.integer("chat.progress_after", (int) ProgressSettings.DEFAULT_AFTER.toSeconds())),
            Duration.ofSeconds(config.integer("chat.progress_interval",
                (int) ProgressSettings.DEFAULT_INTERVAL.toSeconds())),
            progressLines));
  }
}
