package dev.squall.chat;

import dev.squall.core.alias.ActionAlias;
import dev.squall.core.alias.AliasHelp;
import dev.squall.core.error.ForbiddenException;
import dev.squall.engine.alias.AliasRegistry;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The commands the bot answers itself, before any alias: help, status, cancel, whoami. */
final class Builtins {

  private static final List<String[]> HELP = List.of(
      new String[] {"help [filter]", "Lists the commands, or those matching the filter."},
      new String[] {"status <execution id>", "Shows an execution's status."},
      new String[] {"cancel <execution id>", "Cancels one of your executions."},
      new String[] {"whoami", "Shows who you are to Squall."},
      new String[] {"link", "Sends you a one-time link to log in, so that you run as your own Squall user."});

  /** The answers to inquiries and approvals, listed by help on one line. */
  private static final List<String> ANSWERS = List.of("respond", "approve", "deny");

  private final BotSettings settings;
  private final AliasRegistry aliases;
  private final ExecutionService executions;
  private final ExecutionView view;
  private final Function<IncomingMessage, ChatIdentity> identify;
  private final ChatPermission permission;
  private final ChatUsers users;

  Builtins(BotSettings settings, AliasRegistry aliases, ExecutionService executions,
      ExecutionView view, Function<IncomingMessage, ChatIdentity> identify, ChatPermission permission,
      ChatUsers users) {
    this.permission = permission;
    this.users = users;
    this.settings = settings;
    this.aliases = aliases;
    this.executions = executions;
    this.view = view;
    this.identify = identify;
  }

  /** Answers a built-in command; false when the command is not one (an alias may take it). */
  boolean answer(String cmd, IncomingMessage m, ChatAdapter adapter, Reply reply) {
    String[] words = cmd.split("\\s+", 2);
    String verb = words[0].toLowerCase(Locale.ROOT);
    String arg = words.length > 1 ? words[1].strip() : "";
    switch (verb) {
      case "help" -> reply.text(help(arg, identify.apply(m), m), null);
      case "whoami" -> {
        if (!arg.isEmpty()) {
          return false;
        }
        reply.text(whoami(identify.apply(m), m), null);
      }
      case "link" -> {
        if (!arg.isEmpty()) {
          return false;
        }
        link(m, adapter, reply);
      }
      case "status" -> {
        if (!isOneWord(arg)) {
          return false;
        }
        reply.text(describe(view(arg, identify.apply(m), m)), null);
      }
      case "cancel" -> {
        if (!isOneWord(arg)) {
          return false;
        }
        reply.text(describe(cancel(arg, identify.apply(m))), null);
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  /** The chat identity, the Squall user it runs as and how, and that user's roles. */
  private String whoami(ChatIdentity id, IncomingMessage m) {
    List<String> roles = users.roles(id.squallUser());
    String as = id.mapped()
        ? "running as Squall user " + id.squallUser() + " (" + id.linkedBy() + ")"
        : "not linked, running as chat.default_user " + id.squallUser();
    return "You are " + id.chatUser() + " (" + m.adapter() + ":" + m.userId() + "), " + as + "; roles: "
        + (roles.isEmpty() ? "none" : String.join(", ", roles)) + "."
        + (id.mapped() ? "" : " Link yourself to your Squall user with " + settings.address() + "link.");
  }

  /**
   * Sends a one-time link page URL, in a direct message only: whoever opens it and logs in makes
   * this chat identity run as them, so it must not be shown in a shared room.
   */
  private void link(IncomingMessage m, ChatAdapter adapter, Reply reply) {
    ChatIdentity id = identify.apply(m);
    if (ChatIdentity.LOGIN.equals(id.linkedBy())) {
      reply.text("You logged in as " + id.squallUser() + " here: there is nothing to link.", null);
      return;
    }
    java.util.Optional<String> dm = m.direct() ? java.util.Optional.of(m.room())
        : adapter.directRoom(m.userId(), m.userName());
    if (dm.isEmpty()) {
      reply.text("I cannot send direct messages on " + m.adapter() + ", and a link must not be shown in a room; "
          + "ask an administrator to link you (squall user link NAME " + m.adapter() + ":" + m.userId() + ").", null);
      return;
    }
    String url = users.linkUrl(m.adapter(), m.userId());
    new Reply(adapter, dm.get(), null, settings.maxParts(), null).text("Open " + url + " within 10 minutes and "
        + "log in: from then on " + m.adapter() + ":" + m.userId() + " runs as the Squall user you log in as. "
        + "The link works once.", null);
    if (!m.direct()) {
      reply.text("I sent you a direct message with your link.", null);
    }
  }

  /** An execution the user may view (as the API's {@code GET /executions/{id}} asks). */
  private Execution view(String id, ChatIdentity user, IncomingMessage m) {
    Execution e = executions.get(id);
    if (!permission.mayView(user.squallUser(), e.id(), e.actionRef())) {
      Bot.denied(m, user, "execution_view", "execution:" + e.id());
      throw new ForbiddenException("You may not see execution " + id + " (needs execution_view on it, or "
          + "action_view on " + e.actionRef() + ")");
    }
    return e;
  }

  /** Only the Squall user an execution runs as may cancel it from chat. */
  private Execution cancel(String id, ChatIdentity user) {
    Execution e = executions.get(id);
    if (!user.squallUser().equals(e.context().get("user"))) {
      throw new ForbiddenException("Execution " + id + " was started by " + e.context().get("user")
          + ", not by " + user.squallUser() + "; you can cancel only your own executions.");
    }
    return executions.cancel(id);
  }

  private static boolean isOneWord(String s) {
    return !s.isEmpty() && !s.contains(" ");
  }

  private String describe(Execution e) {
    StringBuilder sb = new StringBuilder("Execution ").append(e.id()).append(" (")
        .append(e.actionRef()).append(") is ").append(e.status().wire());
    if (e.elapsedSeconds() != null) {
      sb.append(", took ").append(e.elapsedSeconds()).append(" s");
    }
    Object url = view.render(e, false).get("web_url");
    if (url != null) {
      sb.append(" — ").append(url);
    }
    return sb.append('.').toString();
  }

  /** The built-ins, then StackStorm's help lines of the enabled aliases this user may run. */
  private String help(String filter, ChatIdentity user, IncomingMessage m) {
    List<String> held = users.roles(user.squallUser());
    List<String> lines = new ArrayList<>();
    String p = settings.address();
    for (String[] b : HELP) {
      if (b[0].toLowerCase(Locale.ROOT).contains(filter.toLowerCase(Locale.ROOT))) {
        lines.add(p + b[0] + " - " + b[1]);
      }
    }
    // one line for the three answers (Questions takes them), so that aliases keep their room
    String wanted = filter.toLowerCase(Locale.ROOT);
    if (ANSWERS.stream().anyMatch(v -> v.contains(wanted))) {
      lines.add(p + "respond <id> key=value…, " + p + "approve <id>, " + p + "deny <id> - Answer what waits for you.");
    }
    List<ActionAlias> runnable = aliases.all().stream()
        .filter(a -> user.mapped() || !Bot.requiresMappedUser(a))
        .filter(a -> AliasRestrictions.of(a).worksIn(m.adapter(), m.room()) && AliasRestrictions.of(a).allows(held))
        .filter(a -> permission.mayExecute(user.squallUser(), a.actionRef()))
        .toList();
    AliasHelp.help(AliasHelp.byPackAndName(runnable), new AliasHelp.Query(filter, "", 0, 0))
        .helpstrings()
        .forEach(h -> lines.add(p + h.display() + " - " + (h.description() == null ? "" : h.description())));
    return lines.isEmpty() ? "No command matches \"" + filter + "\"." : String.join("\n", lines);
  }
}
