package dev.squall.engine.inquiry;

import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.ForbiddenException;
import dev.squall.core.error.SquallException;
import dev.squall.engine.event.Event;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.event.Subscription;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionQuery;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.rules.TriggerDispatcher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.locks.LockSupport;

/**
 * Inquiries as StackStorm has them: {@code core.ask} executions waiting {@code pending}, listed,
 * shown and answered here (the API, the CLI and chat all come through this class), and timed out
 * when their {@code ttl} passes. Everything is read from the store, so a restart loses nothing:
 * an inquiry expires on time whichever node, started whenever, sweeps.
 *
 * <p>Answering follows StackStorm's order of checks ({@code services/inquiry.py}): not an inquiry,
 * timed out, already answered (400); the inquiry's {@code roles} and {@code users} (403: any
 * listed role, and a listed user name, when the lists are not empty); the schema (400, naming the
 * fields); then the execution succeeds with {@code result.response} and its workflow goes on.
 */
public final class Inquiries implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Inquiries.class.getName());
  /** StackStorm's trigger for a new inquiry, payload {@code {id, route}}. */
  public static final String TRIGGER = "core.st2.generic.inquiry";

  private final ExecutionService executions;
  private final Function<String, List<String>> rolesOf;
  private final Clock clock;
  private final List<Runnable> sweeps = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean closed;
  private Thread sweeper;
  private Subscription triggers;

  /** @param rolesOf the roles a Squall user holds */
  public Inquiries(ExecutionService executions, Function<String, List<String>> rolesOf, Clock clock) {
    this.executions = executions;
    this.rolesOf = rolesOf;
    this.clock = clock;
    sweeps.add(this::expire);
  }

  /** The inquiries waiting now, newest first, at most {@code limit} (0: all). */
  public List<Inquiry> list(int limit) {
    List<Inquiry> out = new ArrayList<>();
    for (Execution e : pending()) {
      if (isInquiry(e)) {
        out.add(Inquiry.of(e));
        if (limit > 0 && out.size() == limit) {
          break;
        }
      }
    }
    return out;
  }

  /**
   * One waiting inquiry.
   *
   * @throws dev.squall.core.error.NotFoundException no execution has this id
   * @throws BadRequestException it is no inquiry, has timed out or was answered already
   */
  public Inquiry get(String id) {
    Execution e = executions.get(id);
    check(e);
    return Inquiry.of(e);
  }

  /** The executions waiting {@code pending} now (inquiries and approvals), newest first. */
  public List<Execution> pending() {
    return executions.list(ExecutionQuery.all().withStatus(ExecutionStatus.PENDING).page(0, 0)).items();
  }

  /** What {@code typed} (an id or a unique prefix of one) names among the executions waiting. */
  public PendingId resolve(String typed) {
    return PendingId.resolve(typed, pending().stream().map(Execution::id).toList());
  }

  /** Whether this execution is an inquiry (of the {@code inquirer} runner). */
  public static boolean isInquiry(Execution e) {
    return "inquirer".equals(e.runnerType());
  }

  /**
   * Answers an inquiry as {@code who}; the response is validated against its schema, cast and
   * completed with the schema's defaults.
   *
   * @return the response as recorded
   * @throws ForbiddenException {@code who} is not among its users or holds none of its roles
   * @throws BadRequestException not a waiting inquiry, or the response does not fit the schema
   */
  public Map<String, Object> respond(String id, Map<String, Object> response, Responder who) {
    Execution e = executions.get(id);
    check(e);
    Inquiry inquiry = Inquiry.of(e);
    mayRespond(inquiry, who.user()).ifPresent(why -> {
      throw new ForbiddenException(why);
    });
    Map<String, Object> valid;
    try {
      valid = InquirySchema.of(inquiry.schema()).validate(response == null ? Map.of() : response);
    } catch (BadRequestException bad) {
      throw new BadRequestException("Response for inquiry \"" + id + "\" did not pass schema validation: "
          + bad.getMessage(), bad);
    }
    Map<String, Object> result = new LinkedHashMap<>(e.result());
    result.put("response", valid);
    try {
      executions.conclude(id, ExecutionStatus.SUCCEEDED, result);
    } catch (dev.squall.core.error.ConflictException raced) {
      throw new BadRequestException("Inquiry \"" + id + "\" has already been responded to.", raced);
    }
    LOG.log(System.Logger.Level.INFO, "inquiry " + id + " answered by " + who.shown());
    return valid;
  }

  /**
   * Why {@code user} may not answer, or empty when they may: the inquiry's {@code users} list
   * must name them, and they must hold one of its {@code roles}, where these lists are not empty.
   */
  public java.util.Optional<String> mayRespond(Inquiry inquiry, String user) {
    if (!inquiry.users().isEmpty() && (user == null || !inquiry.users().contains(user))) {
      return java.util.Optional.of("You may not answer this: inquiry " + inquiry.id() + " is for "
          + String.join(", ", inquiry.users()) + " only.");
    }
    if (!inquiry.roles().isEmpty()) {
      List<String> held = user == null ? List.of() : rolesOf.apply(user);
      if (inquiry.roles().stream().noneMatch(held::contains)) {
        return java.util.Optional.of("You may not answer this: inquiry " + inquiry.id()
            + " needs one of the roles " + String.join(", ", inquiry.roles()) + ".");
      }
    }
    return java.util.Optional.empty();
  }

  /** StackStorm's {@code check_inquiry}. */
  private static void check(Execution e) {
    if (!isInquiry(e)) {
      throw new BadRequestException("Execution \"" + e.id() + "\" is not an inquiry.");
    }
    if (e.status() == ExecutionStatus.TIMEOUT) {
      throw new BadRequestException("Inquiry \"" + e.id() + "\" timed out and cannot be responded to.");
    }
    if (e.status() != ExecutionStatus.PENDING) {
      throw new BadRequestException("Inquiry \"" + e.id() + "\" has already been responded to.");
    }
  }

  /**
   * Times out every waiting inquiry whose {@code ttl} has passed ({@code timeout}, its result
   * kept), as StackStorm's garbage collector does; its workflow routes the task as failed.
   *
   * @return how many timed out
   */
  public int expire() {
    Instant now = clock.instant();
    int n = 0;
    for (Execution e : pending()) {
      if (!isInquiry(e)) {
        continue;
      }
      Instant at = Inquiry.of(e).expiresAt();
      if (at != null && !now.isBefore(at)) {
        try {
          executions.conclude(e.id(), ExecutionStatus.TIMEOUT, null);
          n++;
          LOG.log(System.Logger.Level.INFO, "inquiry " + e.id() + " timed out (ttl " + Inquiry.of(e).ttl() + " min)");
        } catch (SquallException raced) {
          // answered meanwhile, or another node expired it
        }
      }
    }
    return n;
  }

  /** Also cancels the approvals whose ttl passed, at each sweep. */
  public void alsoExpire(Approvals approvals) {
    sweeps.add(() -> approvals.expire(pending()));
  }

  /**
   * Starts sweeping every {@code interval}, and dispatching StackStorm's
   * {@code core.st2.generic.inquiry} trigger for each new inquiry.
   */
  public synchronized void start(Duration interval, EventBus bus, TriggerDispatcher dispatcher) {
    if (sweeper != null) {
      return;
    }
    if (bus != null && dispatcher != null) {
      triggers = bus.subscribe(event -> {
        if (event instanceof Event.ExecutionUpdated u && u.execution().status() == ExecutionStatus.PENDING
            && isInquiry(u.execution())) {
          Thread.ofVirtual().start(() -> {
            try {
              dispatcher.dispatch(TRIGGER, Map.of(), Map.of("id", u.execution().id(),
                  "route", Inquiry.of(u.execution()).route()));
            } catch (RuntimeException ex) {
              LOG.log(System.Logger.Level.WARNING, "trigger " + TRIGGER + " for " + u.execution().id()
                  + " was not dispatched: " + ex);
            }
          });
        }
      });
    }
    sweeper = Thread.ofVirtual().name("squall-inquiries").start(() -> {
      while (!closed) {
        for (Runnable sweep : sweeps) {
          try {
            sweep.run();
          } catch (RuntimeException ex) {
            LOG.log(System.Logger.Level.WARNING, "sweeping pending executions failed: " + ex);
          }
        }
        LockSupport.parkNanos(interval.toNanos());
      }
    });
  }

  @Override
  public void close() {
    closed = true;
    if (sweeper != null) {
      sweeper.interrupt();
    }
    if (triggers != null) {
      triggers.close();
    }
  }
}
