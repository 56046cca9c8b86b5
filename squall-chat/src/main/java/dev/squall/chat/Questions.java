package dev.squall.chat;

import dev.squall.core.action.ParameterSpec;
import dev.squall.core.alias.ApprovalRule;
import dev.squall.core.error.SquallException;
import dev.squall.engine.alias.SourceContext;
import dev.squall.engine.event.Event;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.event.Subscription;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.inquiry.Approvals;
import dev.squall.engine.inquiry.Inquiries;
import dev.squall.engine.inquiry.Inquiry;
import dev.squall.engine.inquiry.InquirySchema;
import dev.squall.engine.inquiry.PendingId;
import dev.squall.engine.inquiry.Responder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's side of inquiries and approvals: it puts each new inquiry to the room and thread the
 * work started from (else to its {@code route}, written {@code adapter:room}), and takes the
 * answers, typed ({@code !respond ID key=value…}, {@code !approve ID}, {@code !deny ID}, IDs by
 * unique prefix) or given with a platform's controls ({@link ChatListener#onAnswer}), all through
 * one path. Who answers is the chat identity's Squall user; what they may answer is decided by
 * {@link Inquiries} and {@link Approvals}. An answered question is edited to show who answered
 * and what, where the platform edits.
 */
final class Questions {

  private static final Logger LOG = LoggerFactory.getLogger(Questions.class);
  /** The field of an approval's question. */
  static final String APPROVE = "approve";

  /** What a typed command asks. */
  enum Verb { RESPOND, APPROVE, DENY }

  /** Who identifies a chat user: the bot's one way. */
  interface Identify {
    ChatIdentity of(String adapter, String userId, String userName);
  }

  private record Posted(String adapter, PostedMessage message, String text) {}

  private final Inquiries inquiries;
  private final Approvals approvals;
  private final ExecutionService executions;
  private final Function<String, ChatAdapter> adapters;
  private final Identify identify;
  private final Map<String, Posted> posted = new ConcurrentHashMap<>();

  Questions(Inquiries inquiries, Approvals approvals, ExecutionService executions,
      Function<String, ChatAdapter> adapters, Identify identify) {
    this.inquiries = inquiries;
    this.approvals = approvals;
    this.executions = executions;
    this.adapters = adapters;
    this.identify = identify;
  }

  /** Puts every new inquiry to its room as it comes. */
  Subscription follow(EventBus bus) {
    return bus.subscribe(event -> {
      if (event instanceof Event.ExecutionUpdated u && u.execution().status() == ExecutionStatus.PENDING
          && Inquiries.isInquiry(u.execution())) {
        try {
          ask(u.execution());
        } catch (RuntimeException e) {
          LOG.warn("inquiry {} was not posted to chat: {}", u.execution().id(), e.toString());
        }
      }
    });
  }

  /** Posts an inquiry's question where its work started, else to its route; false when nowhere. */
  boolean ask(Execution e) {
    Inquiry inquiry = Inquiry.of(e);
    Optional<SourceContext> source = sourceOf(e);
    String adapter;
    String room;
    String thread;
    if (source.isPresent() && adapters.apply(source.get().adapter()) != null) {
      adapter = source.get().adapter();
      room = source.get().room();
      thread = source.get().thread();
    } else if (inquiry.route().indexOf(':') > 0
        && adapters.apply(inquiry.route().substring(0, inquiry.route().indexOf(':'))) != null) {
      adapter = inquiry.route().substring(0, inquiry.route().indexOf(':'));
      room = inquiry.route().substring(inquiry.route().indexOf(':') + 1);
      thread = null;
    } else {
      LOG.info("inquiry {} names no chat room (route \"{}\"); answer it with squall inquiry respond", e.id(),
          inquiry.route());
      return false;
    }
    Question question = question(inquiry);
    String text = question.prompt() + "\n" + howToAnswer(e.id(), InquirySchema.of(inquiry.schema()));
    post(adapters.apply(adapter), OutgoingMessage.question(room, thread, text, question), e.id());
    return true;
  }

  /** Posts the question of an execution that waits for approvals (the alias's ack). */
  void askApproval(ChatAdapter adapter, String room, String thread, Execution e, String text) {
    ApprovalRule rule = Approvals.ruleOf(e).orElseThrow();
    Question q = new Question(e.id(), "Approve " + e.actionRef() + " (" + e.id() + ")? Needs " + rule.count()
        + " from " + rule.shownApprovers() + ".",
        List.of(new Question.Field(APPROVE, "Approve", Question.Type.BOOLEAN, List.of(), true)));
    post(adapter, OutgoingMessage.question(room, thread, text, q), e.id());
  }

  private void post(ChatAdapter adapter, OutgoingMessage message, String id) {
    Optional<PostedMessage> p = adapter.post(message);
    p.ifPresent(m -> posted.put(id, new Posted(adapter.name(), m, message.text())));
  }

  /** The question of an inquiry's schema: boolean, enum, number and string fields. */
  static Question question(Inquiry inquiry) {
    List<Question.Field> fields = new ArrayList<>();
    InquirySchema.of(inquiry.schema()).fields().values().forEach(p -> fields.add(field(p)));
    Object title = inquiry.schema().get("description") != null ? inquiry.schema().get("description")
        : null;
    String prompt = "Inquiry " + inquiry.id() + (title == null ? "" : ": " + title)
        + (fields.isEmpty() ? "" : " — " + String.join("; ", fields.stream().map(f -> f.name()
            + (f.label().equals(f.name()) ? "" : " (" + f.label() + ")")).toList()));
    return new Question(inquiry.id(), prompt, fields);
  }

  private static Question.Field field(ParameterSpec p) {
    String label = p.description() == null ? p.name() : p.description();
    if (p.enumValues() != null && !p.enumValues().isEmpty()) {
      return new Question.Field(p.name(), label, Question.Type.CHOICE,
          p.enumValues().stream().map(String::valueOf).toList(), p.required());
    }
    Question.Type type = switch (p.type() == null ? "string" : p.type()) {
      case "boolean" -> Question.Type.BOOLEAN;
      case "integer", "number" -> Question.Type.NUMBER;
      default -> Question.Type.STRING;
    };
    return new Question.Field(p.name(), label, type, List.of(), p.required());
  }

  /** How to answer by typing, for platforms without controls (and as a reminder on those with). */
  private static String howToAnswer(String id, InquirySchema schema) {
    if (schema.singleBoolean() != null) {
      return "Answer with `!approve " + id + "` or `!deny " + id + "` (a unique prefix of the id will do).";
    }
    return "Answer with `!respond " + id + " " + String.join(" ", schema.fields().keySet().stream()
        .map(k -> k + "=…").toList()) + "` (a unique prefix of the id will do).";
  }

  /**
   * Answers a typed {@code respond|approve|deny ID …}; false when the command is none of these.
   */
  boolean command(String cmd, IncomingMessage m, Reply reply) {
    String[] words = cmd.strip().split("\\s+");
    Verb verb = switch (words[0].toLowerCase(java.util.Locale.ROOT)) {
      case "respond" -> Verb.RESPOND;
      case "approve" -> Verb.APPROVE;
      case "deny" -> Verb.DENY;
      default -> null;
    };
    if (verb == null) {
      return false;
    }
    if (words.length < 2 || verb != Verb.RESPOND && words.length > 2) {
      reply.safely(verb == Verb.RESPOND ? "Usage: !respond ID key=value …" : "Usage: !" + words[0] + " ID");
      return true;
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 2; i < words.length; i++) {
      int eq = words[i].indexOf('=');
      if (eq <= 0) {
        reply.safely("\"" + words[i] + "\" is not key=value; usage: !respond ID key=value …");
        return true;
      }
      values.put(words[i].substring(0, eq), words[i].substring(eq + 1));
    }
    ChatIdentity id = identify.of(m.adapter(), m.userId(), m.userName());
    AnswerReceipt receipt = answer(id, m.adapter(), m.userId(), words[1], verb, values, true);
    reply.safely(receipt.text());
    return true;
  }

  /** An answer given with a platform's controls: the same path as a typed one. */
  AnswerReceipt onAnswer(IncomingAnswer a) {
    ChatIdentity id = identify.of(a.adapter(), a.userId(), a.userName());
    Map<String, Object> values = new LinkedHashMap<>(a.values());
    try {
      Execution e = executions.get(a.questionId());
      if (Approvals.awaitsApproval(e)) {
        Object v = values.get(APPROVE);
        boolean yes = Boolean.TRUE.equals(v) || "true".equalsIgnoreCase(String.valueOf(v));
        return answer(id, a.adapter(), a.userId(), a.questionId(), yes ? Verb.APPROVE : Verb.DENY, Map.of(), false);
      }
    } catch (SquallException e) {
      return new AnswerReceipt.Refused(e.getMessage());
    }
    return answer(id, a.adapter(), a.userId(), a.questionId(), Verb.RESPOND, values, false);
  }

  /**
   * @param typedAnswer whether it was typed ({@code !approve}…): then the question is edited to show the
   *     answer; an answer given with the platform's controls is shown by the adapter, the platform's way
   */
  private AnswerReceipt answer(ChatIdentity id, String adapter, String userId, String typed, Verb verb,
      Map<String, Object> values, boolean typedAnswer) {
    PendingId resolved = inquiries.resolve(typed);
    if (!(resolved instanceof PendingId.One(String execId))) {
      return new AnswerReceipt.Refused(resolved.problem());
    }
    Responder who = new Responder(id.squallUser(), adapter + ":" + (id.chatUser() == null ? userId : id.chatUser()));
    AnswerReceipt receipt;
    try {
      Execution e = executions.get(execId);
      if (Approvals.awaitsApproval(e)) {
        receipt = approval(id, who, execId, verb, values);
      } else if (Inquiries.isInquiry(e)) {
        receipt = inquiry(who, Inquiry.of(e), verb, values);
      } else {
        receipt = new AnswerReceipt.Refused("Execution " + execId + " waits for no answer.");
      }
    } catch (SquallException e) {
      receipt = new AnswerReceipt.Refused(e.getMessage());
    }
    if (typedAnswer && receipt instanceof AnswerReceipt.Accepted accepted) {
      showAnswered(execId, accepted.text());
    }
    return receipt;
  }

  private AnswerReceipt approval(ChatIdentity id, Responder who, String execId, Verb verb,
      Map<String, Object> values) {
    if (!id.mapped()) {
      return new AnswerReceipt.Refused("You may not answer this: your chat user is linked to no Squall user"
          + " (try !link).");
    }
    boolean approve = verb == Verb.APPROVE
        || verb == Verb.RESPOND && "true".equalsIgnoreCase(String.valueOf(values.get(APPROVE)));
    if (verb == Verb.RESPOND && !values.containsKey(APPROVE)) {
      return new AnswerReceipt.Refused("Execution " + execId + " waits for approval: answer with `!approve "
          + execId + "` or `!deny " + execId + "`.");
    }
    Approvals.Decision d = approvals.decide(execId, who, approve);
    return switch (d) {
      case Approvals.Decision.Refused r -> new AnswerReceipt.Refused(r.text());
      case Approvals.Decision.Waiting w -> new AnswerReceipt.Open(w.text());
      case Approvals.Decision.Released r -> new AnswerReceipt.Accepted(r.text());
      case Approvals.Decision.Denied r -> new AnswerReceipt.Accepted(r.text());
    };
  }

  private AnswerReceipt inquiry(Responder who, Inquiry inquiry, Verb verb, Map<String, Object> values) {
    Map<String, Object> response = values;
    if (verb != Verb.RESPOND) {
      String field = InquirySchema.of(inquiry.schema()).singleBoolean();
      if (field == null) {
        return new AnswerReceipt.Refused("Inquiry " + inquiry.id() + " asks for more than yes or no; answer with"
            + " `!respond " + inquiry.id() + " key=value …`.");
      }
      response = Map.of(field, verb == Verb.APPROVE);
    }
    Optional<String> refused = inquiries.mayRespond(inquiry, who.user());
    if (refused.isPresent()) {
      return new AnswerReceipt.Refused(refused.get());
    }
    Map<String, Object> recorded = inquiries.respond(inquiry.id(), response, who);
    return new AnswerReceipt.Accepted("Answered by " + who.user() + ": " + String.join(", ",
        recorded.entrySet().stream().map(en -> en.getKey() + "=" + en.getValue()).toList()));
  }

  /** Edits the posted question to show who answered and what, where the platform edits. */
  private void showAnswered(String id, String text) {
    Posted p = posted.get(id);
    if (p == null) {
      return;
    }
    ChatAdapter adapter = adapters.apply(p.adapter());
    if (adapter == null || !adapter.edits()) {
      return;
    }
    Execution e = executions.get(id);
    if (e.status() != ExecutionStatus.PENDING) {
      posted.remove(id);
    }
    try {
      adapter.edit(p.message(), OutgoingMessage.text(p.message().room(), p.message().thread(),
          p.text() + "\n" + text));
    } catch (RuntimeException ex) {
      LOG.warn("question {} was not edited: {}", id, ex.toString());
    }
  }

  /**
   * Where the work an execution belongs to started in chat: its own source context, else its
   * parent's, up to the root.
   */
  private Optional<SourceContext> sourceOf(Execution e) {
    Execution at = e;
    for (int depth = 0; depth < 32 && at != null; depth++) {
      Optional<SourceContext> s = SourceContext.from(nested(at.context(), "notify", "on_complete", "data",
          "source_context"));
      if (s.isPresent()) {
        return s;
      }
      Object parent = nested(at.context(), "parent", "execution_id");
      at = parent == null ? null : executions.get(String.valueOf(parent));
    }
    return Optional.empty();
  }

  private static Object nested(Map<String, Object> map, String... keys) {
    Object at = map;
    for (String k : keys) {
      if (!(at instanceof Map<?, ?> m)) {
        return null;
      }
      at = m.get(k);
    }
    return at;
  }
}
