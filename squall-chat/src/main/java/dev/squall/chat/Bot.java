package dev.squall.chat;

import dev.squall.chat.OutgoingMessage.Kind;
import dev.squall.core.alias.ActionAlias;
import dev.squall.core.alias.AliasMatch;
import dev.squall.core.alias.MatchOutcome;
import dev.squall.core.error.ForbiddenException;
import dev.squall.core.error.NotFoundException;
import dev.squall.core.error.SquallException;
import dev.squall.core.template.ResultTemplates;
import dev.squall.engine.alias.AliasCommand;
import dev.squall.engine.alias.AliasExecutor;
import dev.squall.engine.alias.AliasResults;
import dev.squall.engine.alias.SourceContext;
import dev.squall.engine.audit.AuditTrail;
import dev.squall.engine.audit.model.AuditOutcome;
import dev.squall.engine.audit.model.AuditRecord;
import dev.squall.engine.cluster.Leases;
import dev.squall.engine.event.Event;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.event.Subscription;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.execution.model.ExecutionView;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat bot: drives any number of {@link ChatAdapter}s, answers commands addressed to it
 * (built-ins first, then aliases through the server's one matcher), and posts results back.
 * Every command gets an answer: an ack, a "did you mean", or the error's message.
 */
public final class Bot implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Bot.class);

  private final BotSettings settings;
  private final AliasExecutor aliases;
  private final AliasResults results;
  private final Addressing addressing;
  private final Builtins builtins;
  private final Map<String, ChatAdapter> adapters = new ConcurrentHashMap<>();
  private final ChatTraffic traffic = new ChatTraffic();
  /** This node's leases, once {@link #inCluster}; null on its own. */
  private volatile Leases leases;
  /** Adapters connected only on the node holding their lease, by name. */
  private final Map<String, LeasedAdapter> leased = new ConcurrentHashMap<>();
  /** Adapters whose user ids are authenticated Squall user names (web chat). */
  private final Set<String> authenticated = ConcurrentHashMap.newKeySet();
  /**
   * Held while a command runs and is acked, and while a result is posted, for one room: a fast
   * action's result never overtakes its ack. Striped, so the set of rooms needs no cleanup.
   */
  private final ReentrantLock[] roomLocks = new ReentrantLock[64];
  private volatile boolean started;
  /** Where every command addressed to the bot is recorded; null records nothing. */
  private volatile AuditTrail audit;
  /** Inquiries and approvals, once {@link #takeAnswers} wired them; null before. */
  private volatile Questions questions;

  /** @param permission whom each chat user (as their Squall user) may run actions as */
  private final ChatPermission permission;

  private final ChatUsers users;
  private final ExecutionView view;
  private final ProgressReports progress;

  /** A bot whose chat users are mapped through {@code chat.users} only. */
  public Bot(BotSettings settings, AliasExecutor aliases, ExecutionService executions,
      ExecutionView view, AliasResults results, ChatPermission permission) {
    this(settings, aliases, executions, view, results, permission, ChatUsers.NONE);
  }

  /** @param users the links of chat identities to Squall users, and their roles */
  public Bot(BotSettings settings, AliasExecutor aliases, ExecutionService executions,
      ExecutionView view, AliasResults results, ChatPermission permission, ChatUsers users) {
    this.settings = settings;
    this.aliases = aliases;
    this.results = results;
    this.permission = permission;
    this.users = users;
    this.view = view;
    this.progress = new ProgressReports(settings.progress(), executions, java.time.Clock.systemUTC());
    this.addressing = new Addressing(settings.name(), settings.prefix());
    this.builtins = new Builtins(settings, aliases.registry(), executions, view,
        m -> identify(m.adapter(), m.userId(), m.userName()), permission, users);
    Arrays.setAll(roomLocks, i -> new ReentrantLock());
  }

  private ReentrantLock roomLock(String adapter, Object room) {
    return roomLocks[Math.floorMod(Objects.hash(adapter, String.valueOf(room)), roomLocks.length)];
  }

  public BotSettings settings() {
    return settings;
  }

  /** Adds an adapter whose users are mapped through {@code chat.users}. */
  public void addAdapter(ChatAdapter adapter) {
    addAdapter(adapter, false);
  }

  /**
   * Adds an adapter; started at once when the bot already runs.
   *
   * @param usersAreSquallUsers true when the adapter authenticated its users against Squall, so
   *     a user id is the Squall user to run as
   */
  public synchronized void addAdapter(ChatAdapter adapter, boolean usersAreSquallUsers) {
    if (adapters.putIfAbsent(adapter.name(), new CountedAdapter(adapter, traffic)) != null) {
      throw new IllegalArgumentException("two chat adapters are named \"" + adapter.name() + "\"");
    }
    if (usersAreSquallUsers) {
      authenticated.add(adapter.name());
    }
    if (started) {
      startAdapter(adapter);
    }
  }

  /**
   * Adds an adapter that connects only while this node holds the lease {@code chat:<name>}: of
   * several nodes sharing the store, one is in the room at a time, and another takes over when
   * it dies ({@link Leases}). Its users are mapped through {@code chat.users}.
   *
   * @param fresh makes a new adapter like {@code adapter} for each later time the lease is taken
   */
  public synchronized void addLeasedAdapter(ChatAdapter adapter, Supplier<ChatAdapter> fresh, Leases leases) {
    LeasedAdapter l = new LeasedAdapter(adapter, fresh, leases);
    addAdapter(l, false);
    leased.put(l.name(), l);
  }

  /**
   * The lease a node must hold to post to adapter {@code name} ({@code chat:<name>}), or empty
   * when every node has that adapter of its own (web chat, console).
   */
  public Optional<String> leaseOf(String name) {
    return Optional.ofNullable(leased.get(name)).map(l -> LeasedAdapter.lease(l.name()));
  }

  /**
   * The node connected for adapter {@code name}: the lease's holder (empty while none holds it),
   * or {@code self} for an adapter every node has.
   */
  public Optional<String> holder(String name, Leases leases) {
    LeasedAdapter l = leased.get(name);
    return l == null ? Optional.of(leases.node()) : leases.holder(LeasedAdapter.lease(name));
  }

  /**
   * Runs the bot as one node of a cluster: commands that come through an adapter every node has
   * (the web chat) record this node, whose lease {@code node:<id>} its results then wait for, so
   * they reach the user's connection here rather than another node's.
   */
  public void inCluster(Leases leases) {
    this.leases = leases;
    leases.guard(dev.squall.engine.notify.ChatRoute.NODE_LEASE_PREFIX + leases.node(), () -> { }, () -> { });
  }

  /** Starts every adapter (each connects in the background). */
  public synchronized void start() {
    if (!started) {
      started = true;
      adapters.values().forEach(this::startAdapter);
    }
  }

  /** Adapters must not throw from start; one that does is reported and the others still run. */
  private void startAdapter(ChatAdapter a) {
    try {
      a.start(new ChatListener() {
        @Override
        public void onMessage(IncomingMessage message) {
          Bot.this.onMessage(message);
        }

        @Override
        public AnswerReceipt onAnswer(IncomingAnswer answer) {
          return Bot.this.onAnswer(answer);
        }
      });
    } catch (RuntimeException e) {
      LOG.error("chat adapter {} failed to start: {}", a.name(), e.toString());
    }
  }

  /** The health of every adapter, by name. */
  public List<AdapterHealth> health() {
    return adapters.values().stream().map(ChatAdapter::health)
        .sorted(Comparator.comparing(AdapterHealth::name)).toList();
  }

  /** Records every command addressed to the bot (built-in or alias, refused and unmatched too). */
  public void auditTo(AuditTrail trail) {
    this.audit = trail;
  }

  /** Messages in and out, per adapter. */
  public ChatTraffic traffic() {
    return traffic;
  }

  /** Answers one message; never throws (an error becomes the reply). */
  public void onMessage(IncomingMessage m) {
    ChatAdapter adapter = adapters.get(m.adapter());
    if (adapter == null) {
      LOG.warn("message from unknown chat adapter {}", m.adapter());
      return;
    }
    traffic.countIn(m.adapter());
    String cmd = addressing.command(m);
    if (cmd == null) {
      return;
    }
    Reply reply = new Reply(adapter, m.room(), m.thread(), settings.maxParts(), null);
    try {
      if (cmd.length() > settings.maxLineLength()) {
        String why = "That command is " + cmd.length() + " characters long; the limit is "
            + settings.maxLineLength() + ".";
        reply.text(why, null);
        audit(m, null, cmd.substring(0, settings.maxLineLength()) + "…", AuditOutcome.REFUSED, null, List.of(), why);
      } else if (cmd.isEmpty()) {
        reply.text("Yes? Try " + settings.address() + "help", null);
      } else if (questions != null && questions.command(cmd, m, reply)) {
        // an answer to an inquiry or an approval: Questions replied (and recorded it on the execution);
        // the values answered stay out of the audit trail, an inquiry may ask for a secret
        audit(m, null, cmd.replaceAll("=(\"[^\"]*\"|'[^']*'|\\S+)", "=********"), AuditOutcome.ANSWERED, null,
            List.of(), null);
      } else if (builtins.answer(cmd, m, adapter, reply)) {
        audit(m, null, cmd, AuditOutcome.ANSWERED, null, List.of(), null);
      } else {
        runAlias(cmd, m, adapter, reply);
      }
    } catch (SquallException e) {
      LOG.info("chat {}:{} in {}: \"{}\" refused: {}", m.adapter(), m.userId(), m.room(), logged(cmd), e.getMessage());
      reply.safely(e.getMessage());
      // A builtin's denial (an execution the user may not see) is a ForbiddenException.
      audit(m, null, cmd, e instanceof ForbiddenException ? AuditOutcome.DENIED : AuditOutcome.REFUSED, null,
          List.of(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("chat command \"{}\" from {}:{} failed", logged(cmd), m.adapter(), m.userId(), e);
      reply.safely("Something went wrong on my side (" + e.getClass().getSimpleName()
          + "); the server log has the details.");
      audit(m, null, cmd, AuditOutcome.FAILED, null, List.of(), e.getClass().getSimpleName());
    }
  }

  /**
   * Records a command in the audit trail, if there is one. The command text and parameters are
   * masked of the executions' secret values; a command that started nothing has no parameters.
   */
  private void audit(IncomingMessage m, ChatIdentity known, String cmd, AuditOutcome outcome, ActionAlias alias,
      List<Execution> started, String detail) {
    AuditTrail trail = audit;
    if (trail == null) {
      return;
    }
    try {
      ChatIdentity id = known != null ? known : identify(m.adapter(), m.userId(), m.userName());
      trail.record(AuditRecord.chat(outcome, id.squallUser(), m.adapter(), m.room(), m.thread(),
          m.adapter() + ":" + m.userId(), AuditTrail.maskedCommand(cmd, started),
          alias == null ? null : alias.ref(), alias == null ? null : alias.actionRef(),
          started.isEmpty() ? Map.of() : AuditTrail.maskedParameters(started.getFirst()),
          started.stream().map(Execution::id).toList(), detail));
    } catch (RuntimeException e) { // the audit never costs the user an answer
      LOG.warn("chat command from {}:{} not audited: {}", m.adapter(), m.userId(), e.toString());
    }
  }

  /**
   * Puts inquiries to chat and takes answers ({@code !respond}, {@code !approve}, {@code !deny},
   * and platforms' controls) from now on.
   *
   * @return the subscription that posts new inquiries, to close with the bot
   */
  public Subscription takeAnswers(dev.squall.engine.inquiry.Inquiries inquiries,
      dev.squall.engine.inquiry.Approvals approvals, ExecutionService executions, EventBus bus) {
    Questions q = new Questions(inquiries, approvals, executions, adapters::get, this::identify);
    questions = q;
    return q.follow(bus);
  }

  /** An answer given with a platform's controls; never throws. */
  public AnswerReceipt onAnswer(IncomingAnswer a) {
    Questions q = questions;
    if (q == null) {
      return new AnswerReceipt.Refused("This bot takes no answers here.");
    }
    try {
      return q.onAnswer(a);
    } catch (RuntimeException e) {
      LOG.error("answer from {}:{} to {} failed", a.adapter(), a.userId(), a.questionId(), e);
      return new AnswerReceipt.Refused("Something went wrong on my side (" + e.getClass().getSimpleName()
          + "); the server log has the details.");
    }
  }

  /**
   * Who a chat user runs as: the user it logged in as (web chat), the one {@code chat.users}
   * declares, the one it is linked to, or the default user.
   */
  public ChatIdentity identify(String adapter, String userId, String userName) {
    String chatUser = userName == null || userName.isBlank() ? userId : userName;
    if (authenticated.contains(adapter)) {
      return new ChatIdentity(chatUser, userId, ChatIdentity.LOGIN);
    }
    String declared = settings.users().get(adapter + ":" + userId);
    if (declared != null) {
      return new ChatIdentity(chatUser, declared, ChatIdentity.CONFIG);
    }
    return users.linked(adapter, userId)
        .map(linked -> new ChatIdentity(chatUser, linked, ChatIdentity.LINK))
        .orElseGet(() -> new ChatIdentity(chatUser, settings.defaultUser(), null));
  }

  private void runAlias(String cmd, IncomingMessage m, ChatAdapter adapter, Reply reply) {
    ChatIdentity id = identify(m.adapter(), m.userId(), m.userName());
    String[] denial = new String[1];
    switch (outcome(cmd, m, id, denial)) {
      case MatchOutcome.Matched matched -> {
        try {
          run(cmd, matched.match(), m, id, adapter);
        } catch (SquallException e) { // refused before anything ran, e.g. a secret parameter given in chat
          refuse(cmd, m, e.getMessage(), reply);
          audit(m, id, withoutValues(cmd, matched.match()), e instanceof ForbiddenException ? AuditOutcome.DENIED
              : AuditOutcome.REFUSED, matched.match().alias(), List.of(), e.getMessage());
        }
      }
      case MatchOutcome.NoMatch none -> {
        if (settings.answerUnknown(m.adapter())) {
          reply.text(noMatch(cmd), null);
        }
        audit(m, id, cmd, AuditOutcome.UNMATCHED, null, List.of(), null);
      }
      case MatchOutcome.Ambiguous ambiguous -> {
        refuse(cmd, m, ambiguous.message(), reply);
        audit(m, id, cmd, AuditOutcome.REFUSED, null, List.of(), ambiguous.message());
      }
      case MatchOutcome.Refused refused -> {
        refuse(cmd, m, refused.message(), reply);
        audit(m, id, cmd, denial[0] != null ? AuditOutcome.DENIED : AuditOutcome.REFUSED, null, List.of(),
            denial[0] != null ? denial[0] : refused.message());
      }
    }
  }

  /**
   * The matcher's outcome, refused when the alias needs a mapped chat user and this one is not.
   *
   * @param denial set to what was missing ({@code needs P on R}) when refused for a permission
   */
  private MatchOutcome outcome(String cmd, IncomingMessage m, ChatIdentity id, String[] denial) {
    MatchOutcome outcome = aliases.registry().matcher().outcome(cmd);
    if (outcome instanceof MatchOutcome.Matched(AliasMatch match) && !id.mapped()
        && requiresMappedUser(match.alias())) {
      return new MatchOutcome.Refused("\"" + cmd + "\" (alias " + match.alias().ref() + ") needs a mapped chat "
          + "user; ask an administrator to map " + m.adapter() + ":" + m.userId() + " under chat.users.");
    }
    if (outcome instanceof MatchOutcome.Matched(AliasMatch match)) {
      ActionAlias alias = match.alias();
      AliasRestrictions limits = AliasRestrictions.of(alias);
      Optional<String> limited = limits.refusal(cmd, alias, m.adapter(), m.room(), id.squallUser(),
          limits.roles() == null ? List.of() : users.roles(id.squallUser()));
      if (limited.isPresent()) {
        denial[0] = denied(m, id, limits.worksIn(m.adapter(), m.room()) ? "extra.squall.roles" : "extra.squall.rooms",
            "action_alias:" + alias.ref().replaceFirst("\\.", ":"));
        return new MatchOutcome.Refused(limited.get());
      }
      if (!permission.mayExecute(id.squallUser(), alias.actionRef())) {
        denial[0] = denied(m, id, "action_execute", "action:" + alias.actionRef().replaceFirst("\\.", ":"));
        return new MatchOutcome.Refused("You may not run \"" + cmd + "\" (needs action_execute on "
            + alias.actionRef() + ")");
      }
    }
    return outcome;
  }

  /**
   * Logs a chat command refused for want of a permission, in the one format of chat denials:
   * the Squall user, the chat identity, the room, the permission and the resource.
   *
   * @return what was missing, {@code needs P on R}, for the audit trail
   */
  static String denied(IncomingMessage m, ChatIdentity id, String permission, String resource) {
    LOG.warn("RBAC denied: user \"{}\" chat {}:{} room {} needs {} on {}", id.squallUser(), m.adapter(),
        m.userId(), m.room(), permission, resource);
    return "needs " + permission + " on " + resource;
  }

  private static void refuse(String cmd, IncomingMessage m, String why, Reply reply) {
    LOG.info("chat {}:{} in {}: \"{}\" refused: {}", m.adapter(), m.userId(), m.room(), logged(cmd), why);
    reply.safely(why);
  }

  private void run(String cmd, AliasMatch match, IncomingMessage m, ChatIdentity id, ChatAdapter adapter) {
    ReentrantLock lock = roomLock(m.adapter(), m.room());
    lock.lock();
    try {
      SourceContext source = new SourceContext(m.adapter(), m.room(), m.thread(), m.userId(),
          m.userName() == null ? m.userId() : m.userName(), m.direct(), m.messageId());
      Map<String, Object> context = source.toMap();
      Leases cluster = leases;
      if (cluster != null && !leased.containsKey(m.adapter())) {
        context = new java.util.LinkedHashMap<>(context);
        context.put("node", cluster.node()); // where this user is connected
      }
      List<AliasExecutor.Result> results = aliases.run(match,
          new AliasCommand(cmd, id.chatUser(), id.squallUser(), m.room(), context, ChatRoute.NAME));
      LOG.debug("chat {}:{} in {} as {}: \"{}\" → {}", m.adapter(), m.userId(), m.room(), id.squallUser(), logged(cmd),
          results.stream().map(r -> r.execution().id()).toList());
      // Before the ack, which may fail: the executions started either way. Recording costs a queue insert.
      audit(m, id, cmd, AuditOutcome.RAN, match.alias(),
          results.stream().map(AliasExecutor.Result::execution).toList(), null);
      Reply ack = new Reply(adapter, m.room(), thread(adapter, match.alias(), m.thread()), settings.maxParts(), null);
      for (AliasExecutor.Result r : results) {
        if (r.chatAck() != null && questions != null
            && dev.squall.engine.inquiry.Approvals.awaitsApproval(r.execution())) {
          questions.askApproval(adapter, m.room(), thread(adapter, match.alias(), m.thread()), r.execution(),
              r.chatAck());
        } else if (r.chatAck() != null) {
          ack.text(r.chatAck(), r.extra() instanceof Map<?, ?> extra ? typed(extra) : null);
        }
      }
      String progressThread = thread(adapter, match.alias(), m.thread());
      for (AliasExecutor.Result r : results) {
        progress.follow(adapter, m.room(), progressThread, r.execution().id());
      }
    } finally {
      lock.unlock();
    }
  }

  private String noMatch(String cmd) {
    List<String> close = aliases.registry().matcher().closest(cmd, 3);
    String help = " Try " + settings.address() + "help";
    if (close.isEmpty()) {
      return "No alias matches \"" + cmd + "\"." + help;
    }
    return "No alias matches \"" + cmd + "\"; did you mean: " + String.join(", ", close) + "?" + help;
  }

  /**
   * Follows the bus's {@code chatops} announcements ({@code chatops.post_message} and
   * {@code post_result}) and posts each one that names one of this bot's rooms.
   *
   * @return the subscription, to close with the bot
   */
  public Subscription followAnnouncements(EventBus bus) {
    return bus.subscribe(event -> {
      if (event instanceof Event.Announcement a && a.name().equals("chatops")
          && a.data().get("payload") instanceof Map<?, ?> payload) {
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) payload;
        announce(typed, a.resultStatus());
      }
    });
  }

  /**
   * Posts a {@code chatops.post_message} announcement to one of this bot's rooms. The room is named
   * by {@code context.adapter} plus {@code channel}, or by a {@code channel} written
   * {@code adapter:room} ({@code irc:#ops}). Announcements for other bots (hubot's channels name no
   * adapter of this bot) are not for us.
   *
   * @param resultStatus the status of the execution whose result this is, null for a plain message
   * @return whether it named one of this bot's adapters
   */
  public boolean announce(Map<String, Object> payload, ExecutionStatus resultStatus) {
    String channel = String.valueOf(payload.get("channel"));
    Optional<SourceContext> context = SourceContext.from(payload.get("context"));
    String name;
    String room;
    if (context.map(SourceContext::adapter).filter(adapters::containsKey).isPresent()) {
      name = context.get().adapter();
      room = channel;
    } else if (channel.indexOf(':') > 0 && adapters.containsKey(channel.substring(0, channel.indexOf(':')))) {
      name = channel.substring(0, channel.indexOf(':'));
      room = channel.substring(channel.indexOf(':') + 1);
    } else {
      return false;
    }
    LeasedAdapter l = leased.get(name);
    if (l != null && !l.active()) {
      return false; // the node connected for it posts it (the cluster bus brings it there)
    }
    String text = ResultTemplates.joinPretext(String.valueOf(payload.getOrDefault("message", "")));
    if (payload.get("user") instanceof String user && !user.isBlank()) {
      text = user + ": " + text;
    }
    Map<String, Object> extra = payload.get("extra") instanceof Map<?, ?> raw ? typed(raw) : null;
    ChatAdapter adapter = adapters.get(name);
    new Reply(adapter, room, context.map(SourceContext::thread).orElse(null), settings.maxParts(),
        shown -> "… the rest is cut (" + shown + " parts shown)")
        .send(text, extra, resultStatus == null ? Kind.RESULT : kind(resultStatus));
    return true;
  }

  /**
   * Posts a finished execution's result where its command came from: the alias's
   * {@code result.format} (or StackStorm's default template), the {@code {~}} split, the
   * platform's length limit, at most {@code chat.max_parts} messages. Does nothing when the
   * alias sets {@code result.enabled: false}.
   *
   * @throws NotFoundException when no adapter has the source context's name
   * @throws RuntimeException whatever the adapter throws when it cannot send
   */
  public void deliverResult(Execution execution, SourceContext source) {
    String name = source.adapter();
    ChatAdapter adapter = adapters.get(name);
    if (adapter == null) {
      throw new NotFoundException("No chat adapter named \"" + name + "\" for the result of execution "
          + execution.id() + " (adapters: " + String.join(", ", new TreeSet<>(adapters.keySet())) + ")");
    }
    AliasResults.Rendered rendered = results.render(execution);
    if (!rendered.enabled()) {
      return;
    }
    ActionAlias alias = rendered.alias();
    String text = rendered.message();
    Map<String, Object> extra = rendered.extra() instanceof Map<?, ?> raw ? typed(raw) : null;
    text = ResultTemplates.joinPretext(text);
    if (text.isBlank()) {
      text = "Execution " + execution.id() + " finished: " + execution.status().wire();
    }
    if (!source.direct() && source.userName() != null) {
      text = adapter.addressee(String.valueOf(source.userId()), source.userName()) + ": " + text;
    }
    String id = execution.id();
    if (adapter.lineBased()) {
      text = firstLines(text, settings.maxLines(name), adapter.limits().maxMessageLength(),
          "… more lines are not shown; full output: " + view.webUrl(id).orElse("squall execution get " + id));
    }
    String thread = thread(adapter, alias, source.thread());
    ReentrantLock lock = roomLock(name, source.room());
    lock.lock();
    try {
      new Reply(adapter, String.valueOf(source.room()), thread, settings.maxParts(),
          shown -> "… the rest is cut (" + shown + " parts shown); full output: squall execution get " + id)
          .send(text, extra, kind(execution.status()));
    } finally {
      lock.unlock();
    }
  }

  /**
   * The text's first {@code maxLines} lines as the platform shows them (a line longer than
   * {@code width} wraps into several; a blank line is not a message, so it does not count), then {@code pointer} in place of the rest; the text itself
   * when it fits.
   */
  static String firstLines(String text, int maxLines, int width, String pointer) {
    List<String> shown = new java.util.ArrayList<>();
    int counted = 0;
    for (String line : text.split("\r?\n|\r", -1)) {
      for (String piece : Chunks.split(line, width)) {
        if (counted == maxLines && !piece.isBlank()) {
          return String.join("\n", shown) + "\n" + pointer;
        }
        shown.add(piece);
        counted += piece.isBlank() ? 0 : 1;
      }
    }
    return text;
  }

  /** The thread a reply goes to: the command's, when the platform has threads and it is wanted. */
  private String thread(ChatAdapter adapter, ActionAlias alias, String incoming) {
    if (incoming == null || !adapter.limits().threads()) {
      return null;
    }
    Object perAlias = alias == null ? null
        : nested(alias.extra(), adapter.limits().platform(), "thread_response");
    boolean wanted = perAlias == null ? settings.threadResponse() : Boolean.TRUE.equals(perAlias)
        || "true".equalsIgnoreCase(String.valueOf(perAlias));
    return wanted ? incoming : null;
  }

  /** A result shows as a failure (Slack's red bar…) unless its execution succeeded. */
  private static Kind kind(ExecutionStatus status) {
    return status == ExecutionStatus.SUCCEEDED ? Kind.RESULT : Kind.FAILURE;
  }

  static boolean requiresMappedUser(ActionAlias alias) {
    return Boolean.TRUE.equals(nested(alias.extra(), "squall", "require_mapped_user"));
  }

  private static Object nested(Map<String, Object> map, String key, String inner) {
    return map.get(key) instanceof Map<?, ?> m ? m.get(inner) : null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> typed(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  /** Stops the progress reports, then every adapter. */
  @Override
  public void close() {
    progress.close();
    Collection<ChatAdapter> all = List.copyOf(adapters.values());
    for (ChatAdapter a : all) {
      try {
        a.close();
      } catch (RuntimeException e) {
        LOG.warn("while stopping chat adapter {}: {}", a.name(), e.toString());
      }
    }
  }

  /**
   * A chat command as the log shows it: its first word only. The rest may be a secret the user
   * typed (a token given to an alias), which must not reach the log; control characters are
   * shown as '?' so that a line cannot be forged.
   */
  /**
   * The command with every value the alias took from it masked: nothing ran, so which of them are
   * secret is not known, and the audit trail must not keep one in clear.
   */
  static String withoutValues(String cmd, AliasMatch match) {
    String masked = cmd;
    for (String value : match.parameters().values()) {
      if (value != null && !value.isBlank()) {
        masked = masked.replace(value, "********");
      }
    }
    return masked;
  }

  static String logged(String cmd) {
    String[] words = cmd.strip().split("\\s+", 2);
    return (words[0] + (words.length > 1 ? " …" : "")).replaceAll("\\p{Cntrl}", "?");
  }
}
