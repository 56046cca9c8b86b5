package dev.squall.engine.timer;

import dev.squall.core.error.UnavailableException;
import dev.squall.core.rule.Rule;
import dev.squall.core.trigger.SystemTriggerTypes;
import dev.squall.core.trigger.TimerSchedule;
import dev.squall.core.trigger.TimerSchedule.MissedFires;
import dev.squall.core.trigger.TriggerRef;
import dev.squall.engine.rules.TriggerDispatcher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * Fires the timer triggers ({@code core.st2.IntervalTimer}, {@code DateTimer},
 * {@code CronTimer}) of the enabled rules. Unlike StackStorm, which keeps timers in memory, the
 * last fire of each timer is stored, so after downtime {@link TimerSchedule#missedFires} decides:
 * the fires missed collapse into one, run if the latest is within the grace time, else skipped
 * and logged. A timer seen for the first time starts from that moment (an interval's first fire
 * is one interval later; a date already past never fires).
 *
 * <p>{@link #tick(Instant)} does all the work and is what tests drive; {@link #start()} runs it
 * every second on a virtual thread. With several nodes on one store, each fire is claimed in the
 * store before it is dispatched, so only one node fires it (a crash between the claim and the
 * dispatch loses that one fire).
 */
public final class TimerScheduler implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(TimerScheduler.class.getName());
  /** Python's {@code str(datetime)}, which is what StackStorm puts in {@code executed_at}. */
  private static final DateTimeFormatter PY_DATETIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final TimerStates states;
  private final TriggerDispatcher triggers;
  private final Clock clock;
  private final ZoneId defaultZone;
  private final Duration grace;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Object lifecycle = new Object();
  private volatile List<Timer> timers = List.of();
  private volatile BooleanSupplier active = () -> true;
  private Thread loop;

  /**
   * @param defaultZone the zone of cron fields and naive dates when a rule gives no
   *     {@code timezone} (StackStorm's {@code timer.local_timezone})
   * @param misfireGrace how late a missed fire may still run; {@link
   *     TimerSchedule#DEFAULT_MISFIRE_GRACE} unless configured
   */
  public TimerScheduler(DataSource db, TriggerDispatcher triggers, Clock clock,
      ZoneId defaultZone, Duration misfireGrace) {
    this.states = new TimerStates(db);
    this.triggers = triggers;
    this.clock = clock;
    this.defaultZone = defaultZone;
    this.grace = misfireGrace;
  }

  /**
   * Takes the timers of the enabled rules (one per distinct trigger; rules on the same timer
   * share it). A rule with invalid timer parameters is logged and left out.
   */
  public void setRules(List<Rule> rules) {
    Map<TriggerRef, Timer> found = new LinkedHashMap<>();
    for (Rule rule : rules) {
      if (!rule.enabled() || !SystemTriggerTypes.isTimer(rule.trigger().type())) {
        continue;
      }
      TriggerRef ref = rule.trigger().ref();
      if (found.containsKey(ref)) {
        continue;
      }
      try {
        found.put(ref, new Timer(ref, TimerSchedule.fromTrigger(rule.trigger().type(),
            rule.trigger().parameters(), defaultZone)));
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "rule " + rule.ref() + " has a timer that cannot run: "
            + e.getMessage());
      }
    }
    timers = List.copyOf(found.values());
  }

  public List<Timer> timers() {
    return timers;
  }

  /**
   * Fires only while {@code active} says so: on the node of a cluster that holds the
   * {@code timers} lease. Fires missed meanwhile follow the missed-fire policy when it is true
   * again, on whichever node.
   */
  public void onlyWhile(BooleanSupplier active) {
    this.active = active;
  }

  /** Fires every timer due at {@code now}. */
  public void tick(Instant now) {
    if (!active.getAsBoolean()) {
      return;
    }
    Instant at = now.truncatedTo(ChronoUnit.MICROS);
    for (Timer t : timers) {
      try {
        tick(t, at);
      } catch (UnavailableException storeDown) {
        // The store logs its outage; the first tick after it is back treats the fires due
        // meanwhile as any late tick does (misfire grace).
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "timer " + t.trigger().ref() + " failed", e);
      }
    }
  }

  private void tick(Timer t, Instant now) {
    String ref = t.trigger().ref();
    Optional<Instant> last = states.lastFire(ref);
    if (last.isEmpty()) {
      states.create(ref, now);
      return;
    }
    MissedFires due = t.schedule().missedFires(last.get(), now, grace);
    if (due.missed() == 0 || due.latestMissed().isEmpty()) {
      return;
    }
    if (!states.advance(ref, last.get(), due.latestMissed().get())) {
      return; // another node fired it
    }
    if (due.fireNow().isEmpty()) {
      LOG.log(System.Logger.Level.WARNING, "timer " + t.trigger().type() + " "
          + t.trigger().canonicalParameters() + " missed " + due.missed() + " fire(s), the latest"
          + " at " + due.latestMissed().get() + ", more than " + grace + " ago; skipped");
      return;
    }
    if (due.missed() > 1) {
      LOG.log(System.Logger.Level.INFO, "timer " + t.trigger().type() + " missed "
          + due.missed() + " fires; firing once for " + due.fireNow().get());
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("executed_at", executedAt(due.fireNow().get()));
    payload.put("schedule", t.trigger().parameters());
    triggers.dispatch(t.trigger().type(), t.trigger().parameters(), payload);
  }

  /** {@code 2014-07-30 05:04:24.578325}: UTC, microseconds only when there are any. */
  static String executedAt(Instant fire) {
    LocalDateTime utc = LocalDateTime.ofInstant(fire, ZoneOffset.UTC);
    int micros = utc.getNano() / 1000;
    return PY_DATETIME.format(utc) + (micros == 0 ? "" : String.format(".%06d", micros));
  }

  /** Ticks every second on a virtual thread until {@link #close()}. Idempotent. */
  public void start() {
    synchronized (lifecycle) {
      if (loop != null || stop.getCount() == 0) {
        return;
      }
      loop = Thread.ofVirtual().name("squall-timers").start(() -> {
        try {
          do {
            tick(clock.instant());
          } while (!stop.await(1000 - clock.millis() % 1000, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
  }

  @Override
  public void close() {
    stop.countDown();
    synchronized (lifecycle) {
      if (loop != null) {
        try {
          loop.join(5_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
