package dev.squall.chat.platforms;

import dev.squall.chat.BotSettings;
import dev.squall.chat.ChatAdapter;
import dev.squall.chat.discord.DiscordAdapter;
import dev.squall.chat.discord.DiscordSettings;
import dev.squall.chat.irc.IrcAdapter;
import dev.squall.chat.irc.IrcSettings;
import dev.squall.chat.matrix.MatrixAdapter;
import dev.squall.chat.matrix.MatrixSettings;
import dev.squall.chat.mattermost.MattermostAdapter;
import dev.squall.chat.mattermost.MattermostSettings;
import dev.squall.chat.slack.SlackAdapter;
import dev.squall.chat.slack.SlackSettings;
import dev.squall.chat.teams.TeamsAdapter;
import dev.squall.chat.teams.TeamsSettings;
import dev.squall.chat.xmpp.XmppAdapter;
import dev.squall.chat.xmpp.XmppSettings;
import dev.squall.core.config.Config;
import dev.squall.core.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The platform adapters {@code squall.yaml} asks for: every section {@code chat.<name>} whose
 * {@code type} (default: the name) is {@code irc}, {@code xmpp}, {@code slack},
 * {@code mattermost}, {@code discord}, {@code matrix} or {@code teams}, so several connections to one
 * platform can run side by side ({@code chat.libera: {type: irc, …}}), and a platform's section
 * that only environment variables set ({@link BotSettings#adapterSections}). Keys the bot reads for
 * every adapter ({@code type}, {@code enabled}, {@code answer_unknown}) are not the platform's.
 */
public final class ChatAdapters {

  private static final Set<String> BOT_KEYS = Set.of("type", "enabled", "answer_unknown", "max_lines", "progress_lines");
  private static final Set<String> NOT_PLATFORMS = Set.of("users", "console", "web");

  private ChatAdapters() {}

  public static List<ChatAdapter> fromConfig(Config config) {
    List<ChatAdapter> out = new ArrayList<>();
    for (String name : BotSettings.adapterSections(config)) {
      plan(config, name).ifPresent(make -> out.add(make.get()));
    }
    return out;
  }

  /**
   * A new adapter for section {@code chat.<name>}, as {@link #fromConfig} makes it: for another
   * connection after the last one was closed (a cluster node taking an adapter over again).
   */
  public static ChatAdapter create(Config config, String name) {
    return plan(config, name).map(Supplier::get).orElseThrow(() -> new ConfigException(
        "chat." + name, "is not an enabled chat platform section"));
  }

  /**
   * One reader per adapter section, for {@link Config#check}: each reads its section's settings
   * and creates nothing, so that every section's problem is reported, not only the first.
   */
  public static List<Consumer<Config>> settingsReaders(Config config) {
    return BotSettings.adapterSections(config).stream()
        .<Consumer<Config>>map(name -> c -> plan(c, name)).toList();
  }

  /** The settings of section {@code chat.<name>}, read, and how to make its adapter; empty if none. */
  private static Optional<Supplier<ChatAdapter>> plan(Config config, String name) {
    if (NOT_PLATFORMS.contains(name)) {
      return Optional.empty();
    }
    Map<String, Object> section = new LinkedHashMap<>(config.section("chat." + name));
    if (!config.bool("chat." + name + ".enabled", true)) {
      return Optional.empty();
    }
    String type = String.valueOf(section.getOrDefault("type", name));
    section.keySet().removeAll(BOT_KEYS);
    return Optional.of(switch (type) {
      case "irc" -> made(IrcSettings.fromConfig(name, section), s -> new IrcAdapter(name, s));
      case "xmpp" -> made(XmppSettings.fromConfig(name, section), s -> new XmppAdapter(name, s));
      case "slack" -> made(SlackSettings.fromConfig(name, section), s -> new SlackAdapter(name, s));
      case "mattermost" -> made(MattermostSettings.fromConfig(name, section), s -> new MattermostAdapter(name, s));
      case "discord" -> made(DiscordSettings.fromConfig(name, section), s -> new DiscordAdapter(name, s));
      case "matrix" -> made(MatrixSettings.fromConfig(name, section), s -> new MatrixAdapter(name, s));
      case "teams" -> made(TeamsSettings.fromConfig(name, section), s -> new TeamsAdapter(name, s));
      default -> throw new ConfigException("chat." + name + ".type", "\"" + type + "\" is not a chat platform"
          + " (set it to irc, xmpp, slack, mattermost, discord, matrix or teams)");
    });
  }

  private static <S> Supplier<ChatAdapter> made(S settings, Function<S, ChatAdapter> adapter) {
    return () -> adapter.apply(settings);
  }
}
