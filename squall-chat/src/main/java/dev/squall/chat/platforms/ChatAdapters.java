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
import dev.squall.core.error.BadRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The platform adapters {@code squall.yaml} asks for: every section {@code chat.<name>} whose
 * {@code type} (default: the name) is {@code irc}, {@code xmpp}, {@code slack},
 * {@code mattermost}, {@code discord}, {@code matrix} or {@code teams}, so several connections to one
 * platform can run side by side ({@code chat.libera: {type: irc, …}}), and a platform's section
 * that only environment variables set ({@link BotSettings#adapterSections}). Keys the bot reads for
 * every adapter ({@code type}, {@code enabled}, {@code answer_unknown}) are not the platform's.
 */
public final class ChatAdapters {

  private static final Set<String> BOT_KEYS = Set.of("type", "enabled", "answer_unknown", "max_lines");
  private static final Set<String> NOT_PLATFORMS = Set.of("users", "console", "web");

  private ChatAdapters() {}

  public static List<ChatAdapter> fromConfig(Config config) {
    List<ChatAdapter> out = new ArrayList<>();
    for (String name : BotSettings.adapterSections(config)) {
      if (NOT_PLATFORMS.contains(name)) {
        continue;
      }
      if (!config.bool("chat." + name + ".enabled", true)) {
        continue;
      }
      out.add(create(config, name));
    }
    return out;
  }

  /**
   * A new adapter for section {@code chat.<name>}, as {@link #fromConfig} makes it: for another
   * connection after the last one was closed (a cluster node taking an adapter over again).
   */
  public static ChatAdapter create(Config config, String name) {
    Map<String, Object> section = new LinkedHashMap<>(config.section("chat." + name));
    String type = String.valueOf(section.getOrDefault("type", name));
    section.keySet().removeAll(BOT_KEYS);
    return switch (type) {
      case "irc" -> new IrcAdapter(name, IrcSettings.fromConfig(name, section));
      case "xmpp" -> new XmppAdapter(name, XmppSettings.fromConfig(name, section));
      case "slack" -> new SlackAdapter(name, SlackSettings.fromConfig(name, section));
      case "mattermost" -> new MattermostAdapter(name, MattermostSettings.fromConfig(name, section));
      case "discord" -> new DiscordAdapter(name, DiscordSettings.fromConfig(name, section));
      case "matrix" -> new MatrixAdapter(name, MatrixSettings.fromConfig(name, section));
      case "teams" -> new TeamsAdapter(name, TeamsSettings.fromConfig(name, section));
      default -> throw new BadRequestException("config chat." + name + ": unknown chat platform \""
          + type + "\" (set chat." + name + ".type to irc, xmpp, slack, mattermost, discord, matrix or teams)");
    };
  }
}
