package dev.squall.engine.execution;

import dev.squall.core.action.ActionDef;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.UnavailableException;
import dev.squall.engine.event.Event;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.Execution.StatusChange;
import dev.squall.engine.execution.model.ExecutionQuery;
import dev.squall.engine.execution.model.ExecutionStatus;
import dev.squall.engine.execution.model.OutputLine;
import dev.squall.engine.execution.model.Page;
import dev.squall.engine.execution.model.Transitions;
import dev.squall.engine.runner.RunContext;
import dev.squall.engine.runner.Runner;
import dev.squall.engine.runner.RunnerResult;
import dev.squall.engine.runner.Suspended;
import dev.squall.engine.store.ExecutionRepository;
import dev.squall.engine.store.WorkflowStateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one write path for executions: the API, the bot, rules and workflows all submit here.
 *
 * <p>An execution is a row before it is work: {@link #submit} validates, records it
 * {@code requested} and queues it in memory; the queue is rebuilt from the rows on
 * {@link #start()}. A dispatcher hands each execution a virtual thread once one of
 * {@code concurrency} permits is free. Each execution costs three writes (insert; {@code
 * scheduled}+{@code running} in one update; the final status), all group-committed by the store.
 *
 * <p>Nodes: each service is a node with an id unique to its start ({@link #nodeId()}), which
 * holds the executions it submits. It registers in the store's {@code nodes} table, refreshes
 * its heartbeat every {@link ClusterSettings#heartbeat()} ({@link NodeHeartbeat}) and deletes
 * its row on close. At start and on every heartbeat it recovers what gone nodes left
 * ({@link ClusterRecovery}); the queued executions it claims run here.
 *
 * <p>Status changes all go through {@link StatusChanges}, which refuses any the table of
 * {@link dev.squall.engine.execution.model.Transitions} does not allow.
 *
 * <p>Masking: executions returned here and published on the bus are as stored, secret
 * parameters in clear (the notifier and runners need them). Whoever shows one to a user (REST,
 * stream, chat) masks the secret parameters first, with {@code ParameterSchema.maskSecrets}.
 */
public final class ExecutionService implements AutoCloseable {

  /** How long {@link #close()} lets running executions finish. */
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);

  private static final System.Logger LOG = System.getLogger(ExecutionService.class.getName());
  /** The statuses of a workflow that recovery hands back to its runner (see ClusterRecovery). */
  static final Set<ExecutionStatus> RESUMABLE = Set.of(ExecutionStatus.RUNNING,
      ExecutionStatus.PAUSING, ExecutionStatus.PAUSED, ExecutionStatus.RESUMING);

  private final ExecutionRepository repository;
  private final ActionLookup actions;
  private final ParameterResolver resolver;
  private final Map<String, Runner> runners;
  private final EventBus bus;
  private final Clock clock;
  private final Semaphore permits;
  private final ExecutionIds ids = new ExecutionIds();
  private final LinkedBlockingQueue<Live> queue = new LinkedBlockingQueue<>();
  private final Map<String, Live> live = new ConcurrentHashMap<>();
  private final Object lifecycle = new Object();
  private final NodeHeartbeat node;
  private final ClusterSettings cluster;
  private final LeftoverProcesses leftovers;
  private final StatusChanges statuses;
  private final ClusterRecovery recovery;
  private final ExecutionPolicies policies;
  /** Executions waiting {@code delayed} for a policy's slot, oldest first ({@link #inLine}). */
  private final java.util.concurrent.ConcurrentSkipListMap<String, Live> delayed =
      new java.util.concurrent.ConcurrentSkipListMap<>();
  private volatile boolean started;
  private volatile boolean closing;
  private Thread dispatcher;

  /** A node with the default cluster settings, its store exclusive when it is embedded H2. */
  public ExecutionService(ExecutionRepository repository, ActionLookup actions,
      ParameterResolver resolver, Map<String, Runner> runners, EventBus bus, Clock clock,
      int concurrency) {
    this(repository, actions, resolver, runners, bus, clock, concurrency,
        ClusterSettings.defaults(repository.isSingleProcess()));
  }

  public ExecutionService(ExecutionRepository repository, ActionLookup actions,
      ParameterResolver resolver, Map<String, Runner> runners, EventBus bus, Clock clock,
      int concurrency, ClusterSettings cluster) {
    this(repository, actions, resolver, runners, bus, clock, concurrency, cluster,
        ExecutionPolicies.NONE);
  }

  /** A node that applies execution {@code policies} (concurrency, retry). */
  public ExecutionService(ExecutionRepository repository, ActionLookup actions,
      ParameterResolver resolver, Map<String, Runner> runners, EventBus bus, Clock clock,
      int concurrency, ClusterSettings cluster, ExecutionPolicies policies) {
    this.policies = policies;
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
    }
    this.repository = repository;
    this.actions = actions;
    this.resolver = resolver;
    this.runners = Map.copyOf(runners);
    this.bus = bus;
    this.clock = clock;
    this.permits = new Semaphore(concurrency);
    this.cluster = cluster;
    this.node = new NodeHeartbeat(repository.nodes(), cluster, this::now);
    this.leftovers = new LeftoverProcesses(repository.processGroups());
    this.statuses = new StatusChanges(repository, bus, this::now, () -> closing);
    this.recovery = new ClusterRecovery(repository, statuses, leftovers, cluster, node.id(),
        this::now);
  }

  /** This node's id in the store: host name, process id and a random part, new at each start. */
  public String nodeId() {
    return node.id();
  }

  /** The live nodes sharing the store (this one included), with their last heartbeat. */
  public java.util.Map<String, Instant> nodes() {
    return repository.nodes().all();
  }

  /** How this node shares the store: when other nodes count as gone. */
  public ClusterSettings cluster() {
    return cluster;
  }

  /**
   * Validates, records ({@code requested}) and queues one run of an action.
   *
   * @throws dev.squall.core.error.NotFoundException the action does not exist
   * @throws BadRequestException the parameters are wrong, or the action cannot run here
   * @throws UnavailableException the service is shutting down
   */
  public Execution submit(String actionRef, Map<String, Object> params,
      Map<String, Object> context) {
    return submit(actionRef, params, null, context);
  }

  /**
   * {@link #submit(String, Map, Map)} for a rule: {@code params} are its author's templates,
   * rendered against {@code event} (untrusted data; see {@link ParameterResolver#resolve}).
   */
  public Execution submit(String actionRef, Map<String, Object> params,
      ParameterResolver.EventData event, Map<String, Object> context) {
    return create(actionRef, params, event, context, false);
  }

  /**
   * Validates and records one run of an action that waits {@code pending} (its parameters
   * frozen as given now) until {@link #release} queues it or {@link #conclude} ends it: an
   * execution that needs approvals first.
   */
  public Execution submitPending(String actionRef, Map<String, Object> params,
      Map<String, Object> context) {
    return create(actionRef, params, null, context, true);
  }

  private Execution create(String actionRef, Map<String, Object> params,
      ParameterResolver.EventData event, Map<String, Object> context, boolean held) {
    ensureOpen();
    ActionDef action = actions.lookup(actionRef);
    if (!action.enabled()) {
      throw new BadRequestException("Action \"" + action.ref() + "\" is disabled.");
    }
    if (!runners.containsKey(action.runnerType())) {
      throw new BadRequestException("Action \"" + action.ref() + "\" needs runner \""
          + action.runnerType() + "\", which this Squall cannot run (available: "
          + String.join(", ", new TreeSet<>(runners.keySet())) + ")");
    }
    Map<String, Object> ctx = copy(context);
    boolean hold = held;
    if (!hold) {
      // An action's own extra.squall.approval holds every run of it, however started; a caller
      // that holds already (an alias with its own approval) has decided for itself.
      java.util.Optional<dev.squall.core.alias.ApprovalRule> rule =
          dev.squall.core.alias.ApprovalRule.of(action.extra());
      if (rule.isPresent()) {
        ctx = copy(rule.get().pendingContext(ctx, ctx.get("user") instanceof String u ? u : null));
        hold = true;
      }
    }
    ParameterResolver.Resolved resolved = resolver.resolve(action, copy(params), event, ctx);
    Instant now = now();
    List<StatusChange> log = hold
        ? List.of(new StatusChange(ExecutionStatus.REQUESTED, now), new StatusChange(ExecutionStatus.PENDING, now))
        : List.of(new StatusChange(ExecutionStatus.REQUESTED, now));
    Execution e = new Execution(ids.next(now.getEpochSecond()), action.ref(),
        action.runnerType(), copy(resolved.values()), ctx,
        hold ? ExecutionStatus.PENDING : ExecutionStatus.REQUESTED, now, null,
        Map.of(), log, resolved.secrets(), resolved.secretTexts());
    try {
      repository.insert(e, node.id());
    } catch (IllegalArgumentException unstorable) {
      throw new BadRequestException("The parameters of " + action.ref() + " cannot be stored: "
          + unstorable.getMessage(), unstorable);
    }
    bus.publish(new Event.ExecutionCreated(e));
    if (hold) {
      return e;
    }
    Live l = new Live(e, action);
    live.put(e.id(), l);
    queue.add(l);
    return e;
  }

  /**
   * Ends a {@code pending} execution (an inquiry answered or expired, an approval denied or
   * expired) with {@code status} and {@code result} (null: the stored result stays).
   *
   * @return the execution as now stored
   * @throws dev.squall.core.error.ConflictException it is no longer pending
   */
  public Execution conclude(String id, ExecutionStatus status, Map<String, Object> result) {
    if (!status.isTerminal()) {
      throw new IllegalArgumentException("a pending execution ends in a terminal status, not " + status);
    }
    Execution cur = repository.get(id);
    if (cur.status() != ExecutionStatus.PENDING) {
      throw new dev.squall.core.error.ConflictException("Execution \"" + id + "\" is "
          + cur.status().wire() + ", no longer pending.");
    }
    Execution next = statuses.move(cur, result, status);
    if (next == null) {
      throw new dev.squall.core.error.ConflictException("Execution \"" + id
          + "\" changed meanwhile and is no longer pending.");
    }
    return next;
  }

  /**
   * Ends an execution its runner left {@code pending} (StackStorm's asynchronous actions: the
   * result comes later, through {@code PUT /api/v1/executions/{id}}) with a terminal
   * {@code status} and {@code result}. An inquiry is answered, not ended, and an execution that
   * waits for its approvals never started: neither ends this way.
   *
   * @throws BadRequestException it is an inquiry, or has not started, or {@code status} is not terminal
   * @throws dev.squall.core.error.ConflictException it is not pending
   */
  public Execution complete(String id, ExecutionStatus status, Map<String, Object> result) {
    if (!status.isTerminal()) {
      throw new BadRequestException("An execution ends succeeded, failed, timeout, canceled or"
          + " abandoned, not " + status.wire());
    }
    Execution cur = repository.get(id);
    if ("inquirer".equals(cur.runnerType())) {
      throw new BadRequestException("Execution \"" + id + "\" is an inquiry: answer it with PUT"
          + " /api/v1/inquiries/" + id + " (squall inquiry respond " + id + ")");
    }
    if (cur.status() == ExecutionStatus.PENDING
        && cur.log().stream().noneMatch(c -> c.status() == ExecutionStatus.RUNNING)) {
      throw new BadRequestException("Execution \"" + id + "\" has not started: it waits for its"
          + " approvals (squall execution get " + id + ")");
    }
    if (cur.status() != ExecutionStatus.PENDING) {
      throw new dev.squall.core.error.ConflictException("Execution \"" + id + "\" is "
          + cur.status().wire() + (cur.status().isTerminal() ? " already."
          : ": only its runner ends it (cancel it instead)."));
    }
    return conclude(id, status, result);
  }

  /**
   * Queues a {@code pending} execution that may now run (its approvals are in): it becomes
   * {@code requested}, held by this node, and runs as any other.
   *
   * @throws dev.squall.core.error.ConflictException it is no longer pending
   */
  public Execution release(String id) {
    ensureOpen();
    Execution cur = repository.get(id);
    if (cur.status() != ExecutionStatus.PENDING) {
      throw new dev.squall.core.error.ConflictException("Execution \"" + id + "\" is "
          + cur.status().wire() + ", no longer pending.");
    }
    String holder = repository.holder(id).orElse(null);
    if (holder != null && !holder.equals(node.id())) {
      repository.claim(id, ExecutionStatus.PENDING, holder, node.id());
    }
    Execution next = statuses.move(cur, null, ExecutionStatus.REQUESTED);
    if (next == null) {
      throw new dev.squall.core.error.ConflictException("Execution \"" + id
          + "\" changed meanwhile and is no longer pending.");
    }
    Live l = new Live(next, null);
    live.put(id, l);
    queue.add(l);
    return next;
  }

  /**
   * Replaces the context of a pending execution (one collecting its approvals) if it is still
   * pending with the context {@code read} (compare-and-set across every node on the store), and
   * publishes it.
   *
   * @return the execution as written, or empty when it changed meanwhile: read it again and retry
   * @throws dev.squall.core.error.NotFoundException no execution has this id
   */
  public Optional<Execution> recordPendingContext(Execution read, Map<String, Object> context) {
    if (!repository.updatePendingContext(read.id(), read.context(), copy(context))) {
      repository.get(read.id()); // not found: says so
      return Optional.empty();
    }
    Execution next = repository.get(read.id());
    bus.publish(new Event.ExecutionUpdated(next));
    return Optional.of(next);
  }

  /** The workflow executions' stored conductor states (workflow runners keep theirs there). */
  public WorkflowStateStore workflowStates() {
    return repository.workflows();
  }

  /** @throws dev.squall.core.error.NotFoundException {@code Execution with id "X" not found} */
  public Execution get(String id) {
    Live l = live.get(id);
    return l != null ? l.current() : repository.get(id);
  }

  public Page<Execution> list(ExecutionQuery query) {
    return repository.list(query);
  }

  /** The output so far, in the order the runner wrote it. */
  public List<OutputLine> output(String id) {
    return output(id, null, 0);
  }

  /**
   * The output so far of one stream (null: all), from its {@code offset}-th line on. Lines a
   * runner of this node wrote but the store has not yet are included.
   */
  public List<OutputLine> output(String id, String stream, long offset) {
    get(id);
    Live l = live.get(id);
    OutputRecorder recorder = l == null ? null : l.output;
    // Unstored lines first: one stored meanwhile is then in the store's answer, and dropped here.
    List<OutputLine> unstored = recorder == null ? List.of() : recorder.unstored(stream, offset);
    List<OutputLine> stored = repository.outputs().output(id, stream, offset);
    if (unstored.isEmpty()) {
      return stored;
    }
    long after = stored.isEmpty() ? -1 : stored.getLast().seq();
    List<OutputLine> all = new ArrayList<>(stored);
    unstored.stream().filter(u -> u.seq() > after).forEach(all::add);
    return List.copyOf(all);
  }

  /**
   * Cancels an execution: one still waiting becomes {@code canceled} at once; a running one
   * becomes {@code canceling}, its runner's thread is interrupted, and it ends {@code canceled}
   * when the runner returns. A finished execution is returned unchanged.
   */
  public Execution cancel(String id) {
    Live l = live.get(id);
    if (l == null) {
      return cancelInStore(repository.get(id));
    }
    Execution next;
    l.lock.lock();
    try {
      Execution cur = l.current;
      Optional<ExecutionStatus> target = Transitions.onCancel(cur.status());
      if (target.isEmpty()) {
        return cur;
      }
      next = statuses.move(cur, null, target.get());
      if (next == null) {
        return repository.get(id);
      }
      l.current = next;
      if (!next.status().isTerminal() && l.runnerThread != null) {
        l.runnerThread.interrupt();
      }
    } finally {
      l.lock.unlock();
    }
    if (next.status().isTerminal()) {
      ended(l, next);
    }
    return next;
  }

  /**
   * Pauses a running workflow (StackStorm's {@code PUT} with status {@code pausing}): it is
   * {@code pausing} until its running tasks end, then {@code paused}; one pausing or paused is
   * returned unchanged.
   *
   * @throws BadRequestException its runner cannot pause, or it is not running
   */
  public Execution pause(String id) {
    return request(id, ExecutionStatus.PAUSING, Set.of(ExecutionStatus.PAUSING, ExecutionStatus.PAUSED),
        ExecutionStatus.RUNNING, "pause", "running");
  }

  /**
   * Resumes a paused workflow: {@code resuming} until its runner takes it up, then
   * {@code running}; one resuming or running is returned unchanged.
   *
   * @throws BadRequestException its runner cannot pause, or it is not paused
   */
  public Execution resume(String id) {
    return request(id, ExecutionStatus.RESUMING, Set.of(ExecutionStatus.RESUMING, ExecutionStatus.RUNNING),
        ExecutionStatus.PAUSED, "resume", "paused");
  }

  private Execution request(String id, ExecutionStatus target, Set<ExecutionStatus> already,
      ExecutionStatus from, String verb, String state) {
    Execution e = get(id);
    Runner runner = runners.get(e.runnerType());
    if (runner == null || !runner.pausable()) {
      throw new BadRequestException("Runner \"" + e.runnerType() + "\" does not support " + verb + ".");
    }
    if (already.contains(e.status())) {
      return e;
    }
    Live l = live.get(id);
    if (e.status() != from) {
      throw new BadRequestException("Unable to " + verb + " execution \"" + id
          + "\" because it is not in a " + state + " state.");
    }
    if (l == null) { // held by another node: the request is recorded, its holder acts on it
      Execution next = statuses.move(e, null, target);
      if (next == null) {
        throw new BadRequestException("Unable to " + verb + " execution \"" + id
            + "\" because it is not in a " + state + " state.");
      }
      return next;
    }
    Execution next = settle(l, from, target);
    if (next == null) {
      throw new BadRequestException("Unable to " + verb + " execution \"" + id
          + "\" because it is not in a " + state + " state.");
    }
    return next;
  }

  /**
   * The execution as its runner should follow it, for one running here: a pause, resume or
   * cancel another node recorded in the store (its API was asked) is taken over, and a cancel
   * interrupts the runner as one asked here does. A workflow's runner calls this from its loop.
   */
  public Execution followStore(String id) {
    Live l = live.get(id);
    if (l == null) {
      return get(id);
    }
    Execution stored = repository.get(id);
    l.lock.lock();
    try {
      if (stored.status() != l.current.status() && REQUESTED_ELSEWHERE.contains(stored.status())) {
        l.current = stored;
        if (stored.status() == ExecutionStatus.CANCELING && l.runnerThread != null) {
          l.runnerThread.interrupt();
        }
      }
      return l.current;
    } finally {
      l.lock.unlock();
    }
  }

  /** Statuses another node records for an execution held here: what its API was asked. */
  private static final Set<ExecutionStatus> REQUESTED_ELSEWHERE = Set.of(ExecutionStatus.PAUSING,
      ExecutionStatus.RESUMING, ExecutionStatus.CANCELING);

  /**
   * A pausable runner's report that its execution got from {@code from} to {@code to} (pausing
   * to paused, resuming to running); nothing when it is no longer {@code from}.
   */
  public void settle(String id, ExecutionStatus from, ExecutionStatus to) {
    Live l = live.get(id);
    if (l != null) {
      settle(l, from, to);
    }
  }

  private Execution settle(Live l, ExecutionStatus from, ExecutionStatus to) {
    l.lock.lock();
    try {
      if (l.current.status() != from) {
        return null;
      }
      Execution next = statuses.move(l.current, null, to);
      if (next != null) {
        l.current = next;
      }
      return next;
    } finally {
      l.lock.unlock();
    }
  }

  /**
   * Runs the action of an earlier execution again, with its parameters overlaid by
   * {@code overrides}; the new context records {@code re-run: {ref: <id>}}.
   */
  public Execution rerun(String id, Map<String, Object> overrides) {
    return rerun(id, overrides, true);
  }

  /**
   * As {@link #rerun(String, Map)}; without {@code mayReadSecrets} (a caller who may not see the
   * original's secrets) its secret parameters are not reused: the caller gives them again, or
   * the re-run is refused naming them.
   *
   * @throws BadRequestException a secret parameter is neither reusable nor given
   */
  public Execution rerun(String id, Map<String, Object> overrides, boolean mayReadSecrets) {
    return rerun(id, overrides, mayReadSecrets, null);
  }

  /**
   * As {@link #rerun(String, Map, boolean)}, run as {@code asUser} (the caller) when given, not
   * as the original's user: a re-run never borrows another user's identity or user secrets.
   */
  public Execution rerun(String id, Map<String, Object> overrides, boolean mayReadSecrets, String asUser) {
    return rerun(id, overrides, mayReadSecrets, asUser, List.of(), List.of());
  }

  /**
   * As {@link #rerun(String, Map, boolean, String)}; with {@code tasks}, StackStorm's re-run of a
   * completed orquesta workflow from those tasks: the new execution goes on from the original's
   * workflow state (the tasks that succeeded are not run again), its context records
   * {@code re-run: {ref, tasks, reset}}; {@code reset} names with-items tasks whose every item
   * runs again (otherwise only the items that did not succeed).
   *
   * @throws BadRequestException parameters given with tasks, a reset task not among the tasks,
   *     an execution that is not a completed orquesta workflow, or a task that did not run in it
   */
  public Execution rerun(String id, Map<String, Object> overrides, boolean mayReadSecrets, String asUser,
      List<String> tasks, List<String> reset) {
    List<String> rerunTasks = tasks == null ? List.of() : List.copyOf(new java.util.LinkedHashSet<>(tasks));
    List<String> resetTasks = reset == null ? List.of() : List.copyOf(new java.util.LinkedHashSet<>(reset));
    if (!rerunTasks.isEmpty() || !resetTasks.isEmpty()) {
      if (overrides != null && !overrides.isEmpty()) {
        throw new BadRequestException(
            "Parameters override is not supported when re-running task(s) for a workflow.");
      }
      if (!rerunTasks.containsAll(resetTasks)) {
        throw new BadRequestException("List of tasks to reset does not match the tasks to rerun.");
      }
    }
    Execution original = get(id);
    if (!rerunTasks.isEmpty()) {
      Runner runner = runners.get(original.runnerType());
      if (runner == null) {
        throw new BadRequestException("Task option is only supported for Orquesta workflows.");
      }
      runner.checkTaskRerun(actions.lookup(original.actionRef()), original, rerunTasks, resetTasks);
    }
    Map<String, Object> params = new LinkedHashMap<>(
        resolver.rerunnable(actions.lookup(original.actionRef()), original.parameters()));
    Map<String, Object> given = overrides == null ? Map.of() : overrides;
    if (!mayReadSecrets) {
      List<String> missing = new ArrayList<>();
      for (String name : original.secretParameters()) {
        if (params.remove(name) != null && !given.containsKey(name)) {
          missing.add(name);
        }
      }
      if (!missing.isEmpty()) {
        throw new BadRequestException("Execution " + id + " has secret parameter(s) "
            + String.join(", ", new TreeSet<>(missing)) + ", which only an administrator or "
            + "the user who ran it may reuse: give them again in \"parameters\" to re-run");
      }
    }
    params.putAll(given);
    Map<String, Object> ctx = new LinkedHashMap<>(original.context());
    Map<String, Object> rerun = new LinkedHashMap<>();
    rerun.put("ref", id);
    if (!rerunTasks.isEmpty()) {
      rerun.put("tasks", rerunTasks);
    }
    if (!resetTasks.isEmpty()) {
      rerun.put("reset", resetTasks);
    }
    ctx.put("re-run", rerun);
    if (asUser != null) {
      ctx.put("user", asUser);
    }
    return submit(original.actionRef(), params, ctx);
  }

  /**
   * Waits until the execution reaches a terminal status or {@code timeout} passes, and returns
   * it as it is then (for the CLI and tests).
   */
  /**
   * Waits until one of {@code ids} has ended, or {@code timeout} passed (a workflow waiting on
   * its running tasks). Returns at once when one of them is not running here and has ended.
   */
  public void awaitAny(java.util.Collection<String> ids, Duration timeout) {
    List<CompletableFuture<Execution>> waits = new ArrayList<>(ids.size());
    boolean elsewhere = false;
    for (String id : ids) {
      Live l = live.get(id);
      if (l != null) {
        waits.add(l.done);
      } else if (repository.get(id).status().isTerminal()) {
        return;
      } else {
        elsewhere = true; // run by another node: its end is seen in the store
      }
    }
    Duration wait = elsewhere ? Duration.ofMillis(Math.min(20, timeout.toMillis())) : timeout;
    try {
      if (waits.isEmpty()) {
        LockSupport.parkNanos(wait.toNanos());
      } else {
        CompletableFuture.anyOf(waits.toArray(new CompletableFuture<?>[0])).get(wait.toNanos(), TimeUnit.NANOSECONDS);
      }
    } catch (TimeoutException | ExecutionException e) {
      // none ended meanwhile
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public Execution await(String id, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Live l = live.get(id);
    if (l != null) {
      try {
        Execution done = l.done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (done.status().isTerminal()) {
          return done;
        }
        // pending (an inquiry): ended here, answered later through the store
      } catch (TimeoutException | ExecutionException e) {
        return get(id);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return get(id);
      }
    }
    // Not running in this process (another node, or not started yet): watch the store.
    Execution e = repository.get(id);
    while (!e.status().isTerminal() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      e = get(id);
    }
    return e;
  }

  /**
   * Registers this node, recovers what gone nodes (a previous crash of this process included)
   * left, then starts dispatching and beating. Idempotent.
   */
  public void start() {
    synchronized (lifecycle) {
      if (started || closing) {
        return;
      }
      started = true;
      // Registered before recovering, so no other node takes this one for gone meanwhile.
      node.beat();
      recover();
      dispatcher = Thread.ofVirtual().name("squall-dispatcher").start(this::dispatch);
      Thread.ofVirtual().name("squall-delayed").start(this::wakeDelayedRegularly);
      node.start(this::tick);
    }
  }

  /**
   * One heartbeat: refreshes this node's row, then recovers what gone nodes left. Runs every
   * {@link ClusterSettings#heartbeat()} once started; package-private so tests can beat at will.
   */
  void tick() {
    if (closing || !started) {
      return;
    }
    node.beat();
    recover();
  }

  // Shutdown: separate from recovery, which deals with what other (or earlier) nodes left.

  /**
   * Stops taking work, lets running executions finish for {@link #DEFAULT_SHUTDOWN_GRACE}, then
   * marks the rest {@code abandoned} and interrupts them. Queued executions stay
   * {@code requested} in the store and resume on the next start.
   */
  @Override
  public void close() {
    close(DEFAULT_SHUTDOWN_GRACE);
  }

  /**
   * True once the service is stopping: a runner whose state is stored ends its run by throwing
   * {@link Suspended}, and the next start continues it.
   */
  public boolean stopping() {
    return closing;
  }

  public void close(Duration grace) {
    synchronized (lifecycle) {
      if (closing) {
        return;
      }
      closing = true;
      if (dispatcher != null) {
        dispatcher.interrupt();
      }
    }
    try {
      finishRunning(grace);
    } finally {
      node.leave(); // its queued executions go to the other nodes
    }
  }

  private void finishRunning(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    List<String> running = live.values().stream().filter(Live::isRunning)
        .map(l -> l.current.id() + " (" + l.current.actionRef() + ")").toList();
    if (!running.isEmpty()) { // say why stopping takes a while, and what for
      LOG.log(System.Logger.Level.INFO, "stopping: waiting up to " + grace.toSeconds() + " s for "
          + running.size() + " running execution(s) to finish: " + String.join(", ", running.subList(0,
              Math.min(10, running.size()))) + (running.size() > 10 ? ", …" : ""));
    }
    for (Live l : List.copyOf(live.values())) {
      if (!l.isRunning()) {
        continue;
      }
      try {
        l.done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        abandon(l, "Squall shut down while this execution was running and did not wait for it"
            + " to finish (grace period " + grace + ")");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Shutdown's end for one it did not wait for: abandoned, its runner interrupted. */
  private void abandon(Live l, String why) {
    Execution next;
    Thread runnerThread;
    l.lock.lock();
    try {
      Execution cur = l.current;
      if (cur.status().isTerminal()) {
        return;
      }
      next = statuses.move(cur, Map.of("error", why), ExecutionStatus.ABANDONED);
      if (next == null) {
        return;
      }
      l.current = next;
      runnerThread = l.runnerThread;
    } finally {
      l.lock.unlock();
    }
    LOG.log(System.Logger.Level.WARNING, "execution " + next.id() + " abandoned: " + why);
    ended(l, next);
    if (runnerThread != null) {
      runnerThread.interrupt();
    }
  }

  private void dispatch() {
    while (!closing) {
      try {
        permits.acquire();
      } catch (InterruptedException e) {
        return;
      }
      Live l;
      try {
        l = queue.take();
      } catch (InterruptedException e) {
        permits.release();
        return;
      }
      if (closing) {
        permits.release();
        return;
      }
      Thread.ofVirtual().name("squall-execution-" + l.current().id()).start(() -> {
        AtomicBoolean held = new AtomicBoolean(true);
        Runnable release = () -> {
          if (held.compareAndSet(true, false)) {
            permits.release();
          }
        };
        try {
          execute(l, release);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.ERROR, "execution " + l.current().id() + " failed", e);
        } finally {
          release.run();
        }
      });
    }
  }

  /**
   * Runs one execution; {@code release} frees its concurrency slot as soon as the runner is done,
   * so the final store write of one execution shares a commit with the start of the next.
   */
  private void execute(Live l, Runnable release) {
    Execution running;
    Execution canceledByPolicy = null;
    boolean resumed;
    l.lock.lock();
    try {
      Execution cur = l.current;
      // Only recovery queues a running one: a workflow that continues from its stored state.
      resumed = l.action == null && RESUMABLE.contains(cur.status());
      if (!resumed && cur.status() != ExecutionStatus.REQUESTED
          && cur.status() != ExecutionStatus.SCHEDULED && cur.status() != ExecutionStatus.DELAYED) {
        return; // canceled while queued
      }
      if (closing) {
        return; // stays requested in the store; the next start resumes it
      }
      ExecutionPolicies.Admission admission = resumed
          ? new ExecutionPolicies.Admission.Run() : policies.admit(cur);
      if (admission instanceof ExecutionPolicies.Admission.Delay) {
        if (cur.status() != ExecutionStatus.DELAYED) {
          Execution next = statuses.move(cur, null, ExecutionStatus.DELAYED);
          if (next == null) {
            policies.release(cur.id());
            live.remove(cur.id());
            l.done.complete(repository.get(cur.id()));
            return;
          }
          l.current = next;
        }
        delayed.put(inLine(cur), l);
        return;
      }
      if (admission instanceof ExecutionPolicies.Admission.Cancel c) {
        canceledByPolicy = statuses.move(cur, Map.of("error", c.reason()), ExecutionStatus.CANCELED);
        running = null;
      } else {
        running = resumed ? cur : statuses.moveOnceStoreIsUp(cur, node.id(), null,
            Transitions.toRunning(cur.status()));
      }
      if (running == null && canceledByPolicy == null) {
        policies.release(cur.id());
        // Canceled meanwhile, or claimed by another node that took this one for gone.
        live.remove(cur.id());
        l.done.complete(repository.get(cur.id()));
        return;
      }
      // Canceled by a policy: ended below, outside the lock.
      l.current = canceledByPolicy != null ? canceledByPolicy : running;
    } finally {
      l.lock.unlock();
    }
    if (canceledByPolicy != null) {
      ended(l, canceledByPolicy);
      return;
    }
    ActionDef action;
    Runner runner;
    try {
      action = l.action != null ? l.action : actions.lookup(running.actionRef());
      runner = runners.get(action.runnerType());
      if (runner == null) {
        throw new IllegalStateException("runner \"" + action.runnerType() + "\" is not available");
      }
    } catch (RuntimeException e) {
      finish(l, ExecutionStatus.FAILED, Map.of("error", message(e)));
      return;
    }
    SecretRedaction redaction = SecretRedaction.of(running);
    OutputRecorder output = new OutputRecorder(running.id(), repository.outputs(), bus, clock, redaction);
    l.output = output;
    RunnerResult result = null;
    String error = null;
    boolean suspended = false;
    l.lock.lock();
    try {
      if (l.current.status() != ExecutionStatus.RUNNING
          && !(resumed && RESUMABLE.contains(l.current.status()))) {
        error = "canceled before the runner started";
      } else {
        l.runnerThread = Thread.currentThread();
      }
    } finally {
      l.lock.unlock();
    }
    if (error == null) {
      if (!runner.occupiesSlot()) {
        release.run(); // a workflow waits on children that need the slots
      }
      try {
        result = runner.run(new RunContext(running.id(), action, running.parameters(),
            running.context(), output, group -> repository.processGroups().recordProcess(running.id(), group),
            this::get));
        if (result == null) {
          error = "runner \"" + runner.name() + "\" returned no result";
        }
      } catch (Suspended s) {
        suspended = true;
      } catch (RuntimeException | Error e) {
        error = message(e);
      } finally {
        l.lock.lock();
        try {
          l.runnerThread = null;
          Thread.interrupted(); // a cancel's interrupt must not reach the store writes below
        } finally {
          l.lock.unlock();
        }
      }
    }
    releaseSlots(running.id());
    release.run();
    output.awaitStored();
    if (suspended) { // stopping: the row stays as it is, for the next start to continue
      live.remove(running.id());
      l.done.complete(l.current());
      return;
    }
    if (result != null) {
      finish(l, result.status(), redaction.applyToResult(result.value()));
    } else {
      finish(l, ExecutionStatus.FAILED, Map.of("error", redaction.apply(error)));
    }
  }

  /** Records the end of a run; a cancel that came meanwhile turns any outcome into canceled. */
  private void finish(Live l, ExecutionStatus status, Object result) {
    Execution next;
    l.lock.lock();
    try {
      Execution cur = l.current;
      if (cur.status().isTerminal()) {
        return; // abandoned by close() or canceled meanwhile; that status stands
      }
      ExecutionStatus end = cur.status() == ExecutionStatus.CANCELING
          ? ExecutionStatus.CANCELED : status;
      try {
        next = statuses.moveOnceStoreIsUp(cur, null, result, end);
        if (next == null) {
          // Another node recorded a request (pause, resume, cancel) that came too late: the run
          // is over, so it ends from there (a cancel still makes it canceled).
          Execution stored = repository.get(cur.id());
          if (REQUESTED_ELSEWHERE.contains(stored.status())) {
            next = statuses.moveOnceStoreIsUp(stored, null, result,
                stored.status() == ExecutionStatus.CANCELING ? ExecutionStatus.CANCELED : status);
          }
        }
      } catch (IllegalArgumentException unstorable) {
        // The runner's result is not JSON; keep the record, say why the result is missing.
        next = statuses.move(cur, Map.of("error", "the runner's result could not be stored: "
            + unstorable.getMessage()), ExecutionStatus.FAILED);
      }
      if (next == null) {
        next = repository.get(cur.id());
        bus.publish(new Event.ExecutionUpdated(next));
      }
      l.current = next;
    } finally {
      l.lock.unlock();
    }
    ended(l, next);
    Execution last = next;
    if (last.status().isTerminal()) {
      policies.retry(last).ifPresent(r -> retryLater(last, r));
    }
  }

  /** The execution is over here (its last status already published). */
  private void ended(Live l, Execution last) {
    live.remove(last.id());
    if (delayed.remove(inLine(last)) != null) {
      releaseSlots(last.id()); // canceled while it waited: its place in line goes
    }
    l.done.complete(last);
  }

  /** A delayed execution's place in line: when it was requested, then its id. */
  private static String inLine(Execution e) {
    Instant t = e.startTimestamp();
    return String.format("%012d%06d", t.getEpochSecond(), t.getNano() / 1000) + e.id();
  }

  /** Gives a policy's slots back and lets the waiting executions try again. */
  private void releaseSlots(String id) {
    try {
      policies.release(id);
    } catch (RuntimeException e) {
      // Not fatal: a slot whose execution ended stops counting at the next take anyway.
      LOG.log(System.Logger.Level.WARNING, "execution " + id + ": its policy slots were not released: " + e);
    }
    wakeDelayed();
  }

  /** Queues every delayed execution again, oldest first, to ask the policies once more. */
  private void wakeDelayed() {
    while (!delayed.isEmpty()) {
      Map.Entry<String, Live> first = delayed.pollFirstEntry();
      if (first == null) {
        return;
      }
      queue.add(first.getValue());
    }
  }

  /** Slots freed on other nodes are seen by asking again now and then. */
  private void wakeDelayedRegularly() {
    while (!closing) {
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
      if (Thread.interrupted()) {
        return;
      }
      wakeDelayed();
    }
  }

  /**
   * A retry policy's new attempt: the same action and parameters, the context of the attempt
   * before it with {@code policies.retry} naming the policy, that attempt and the count.
   */
  private void retryLater(Execution last, ExecutionPolicies.Retry retry) {
    Thread.ofVirtual().name("squall-retry-" + last.id()).start(() -> {
      if (!retry.delay().isZero()) {
        LockSupport.parkNanos(retry.delay().toNanos());
      }
      if (closing) {
        return;
      }
      try {
        Map<String, Object> params = resolver.rerunnable(actions.lookup(last.actionRef()), last.parameters());
        Map<String, Object> ctx = new LinkedHashMap<>(last.context());
        ctx.put("policies", retry.policies());
        submit(last.actionRef(), params, ctx);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "retry of execution " + last.id() + " was not submitted: " + e);
      }
    });
  }

  /**
   * Cancels an execution this process does not hold (not yet recovered, or another node's). No
   * runner thread here to interrupt: a process group it left running on this host (from a
   * previous run of this server, say) is killed directly.
   */
  private Execution cancelInStore(Execution e) {
    Execution after = cancelRow(e);
    if (after.status() == ExecutionStatus.CANCELING
        || after.status() == ExecutionStatus.ABANDONED) {
      leftovers.kill(e.id());
    }
    return after;
  }

  private Execution cancelRow(Execution e) {
    Optional<ExecutionStatus> target = Transitions.onCancel(e.status());
    if (target.isEmpty()) {
      return e;
    }
    Execution next = statuses.move(e, null, target.get());
    return next != null ? next : repository.get(e.id());
  }

  /** Recovers what gone nodes left; their queued executions it claims are queued here. */
  private void recover() {
    recovery.recover(live::containsKey, e -> {
      Live l = new Live(e, null);
      if (live.putIfAbsent(e.id(), l) == null) {
        queue.add(l);
      }
    });
  }

  private void ensureOpen() {
    if (closing) {
      throw new UnavailableException("Squall is shutting down and accepts no new executions");
    }
  }

  /** Microseconds: what both databases keep, so an execution reads back equal to itself. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static String message(Throwable t) {
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }

  private static Map<String, Object> copy(Map<String, Object> m) {
    return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /**
   * An execution this process holds: queued or running. {@code current} and
   * {@code runnerThread} are guarded by {@code lock}, a ReentrantLock rather than a monitor
   * because the holder waits for a store write, which would pin a virtual thread's carrier on
   * JDK 21.
   */
  private static final class Live {
    final ReentrantLock lock = new ReentrantLock();
    final ActionDef action; // null when recovered from the store: looked up when it runs
    final CompletableFuture<Execution> done = new CompletableFuture<>();
    Execution current;
    Thread runnerThread;
    volatile OutputRecorder output;

    Live(Execution current, ActionDef action) {
      this.current = current;
      this.action = action;
    }

    Execution current() {
      lock.lock();
      try {
        return current;
      } finally {
        lock.unlock();
      }
    }

    boolean isRunning() {
      ExecutionStatus s = current().status();
      return s == ExecutionStatus.RUNNING || s == ExecutionStatus.CANCELING
          || RESUMABLE.contains(s);
    }
  }
}
