package dev.squall.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.error.SquallException;
import dev.squall.engine.auth.Principal;
import dev.squall.engine.event.Event;
import dev.squall.engine.event.EventBus;
import dev.squall.engine.event.Subscription;
import dev.squall.engine.execution.ExecutionService;
import dev.squall.engine.execution.model.Execution;
import dev.squall.engine.execution.model.ExecutionView;
import dev.squall.engine.execution.model.OutputLine;
import dev.squall.engine.rbac.Authorizer;
import dev.squall.engine.rbac.PermissionType;
import dev.squall.engine.rbac.Target;
import dev.squall.server.http.Access;
import dev.squall.server.http.Authenticator;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code GET /stream/v1/stream}: StackStorm's server-sent event stream. Frames are exactly
 * {@code event: <name>\ndata: <compact JSON>\n\n}; the first frame and each heartbeat are a bare
 * newline. Each client has its own bounded queue fed by the event bus, so a slow client only
 * loses its own oldest frames and never holds up the engine. The caller's credential is checked
 * again every heartbeat, and the stream ends once it is gone.
 */
public final class StreamApi implements Resource {

  /** StackStorm's default whitelist when a client names no events. */
  static final List<String> DEFAULT_EVENTS = List.of(
      "st2.announcement__*", "st2.execution__create", "st2.execution__update",
      "st2.execution__delete", "st2.liveaction__create", "st2.liveaction__update",
      "st2.liveaction__delete");

  private static final int CLIENT_QUEUE = 1_000;

  private final EventBus bus;
  private final ExecutionView view;
  private final ObjectMapper json;
  private final Duration heartbeat;
  private final ExecutionService executions;

  public StreamApi(EventBus bus, ExecutionView view, ObjectMapper json, Duration heartbeat,
      ExecutionService executions) {
    this.executions = executions;
    this.bus = bus;
    this.view = view;
    this.json = json;
    this.heartbeat = heartbeat;
  }

  @Override
  public void register(Routes routes) {
    routes.service("GET", "/stream/v1", "/stream", Access.USER, this::stream);
    routes.exact("GET", "/api/v1/stream", Access.USER, this::stream);
    routes.exact("GET", "/stream/v1/executions/{id}/output", Access.USER, this::executionOutput);
  }

  /**
   * One execution's output as events ({@code st2 execution tail}): what it printed so far, then
   * each new line, then {@code EOF} once it has ended. Lines stored while this subscribed are not
   * sent twice.
   */
  private void executionOutput(Context ctx) throws IOException {
    String id = ctx.pathParam("id");
    String type = ctx.queryParam("output_type") == null || ctx.queryParam("output_type").isBlank()
        ? null : ctx.queryParam("output_type");
    executions.get(id); // 404 before the stream starts
    BlockingQueue<Event> live = new LinkedBlockingQueue<>(CLIENT_QUEUE);
    ctx.status(200);
    ctx.res().setContentType("text/event-stream; charset=UTF-8");
    ctx.res().setHeader("Cache-Control", "no-cache");
    ctx.res().setHeader("X-Accel-Buffering", "no");
    OutputStream out = ctx.res().getOutputStream();
    try (Subscription ignored = bus.subscribe(event -> {
      boolean mine = event instanceof Event.ExecutionOutput o && o.line().executionId().equals(id)
          && (type == null || type.equals(o.line().stream()))
          || event instanceof Event.ExecutionUpdated u && u.execution().id().equals(id);
      if (mine) {
        live.offer(event);
      }
    })) {
      write(out, "\n");
      java.util.Set<OutputLine> sent = new java.util.HashSet<>();
      for (OutputLine l : executions.output(id, type, 0)) {
        writeFrame(out, frame(new Event.ExecutionOutput(l)));
        sent.add(l);
      }
      if (executions.get(id).status().isTerminal()) {
        write(out, "event: EOF\ndata: ''\n\n");
        return;
      }
      while (true) {
        Event e = live.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
          Authenticator.recheck(ctx);
          write(out, "\n");
        } else if (e instanceof Event.ExecutionOutput o) {
          if (!sent.remove(o.line())) {
            writeFrame(out, frame(o));
          }
        } else if (e instanceof Event.ExecutionUpdated u && u.execution().status().isTerminal()) {
          write(out, "event: EOF\ndata: ''\n\n");
          return;
        }
      }
    } catch (IOException clientGone) {
      // the client closed the connection
    } catch (SquallException credentialGone) {
      // the credential is gone: the stream ends
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void writeFrame(OutputStream out, Frame f) throws IOException {
    write(out, "event: " + f.name() + "\ndata: " + json.writeValueAsString(f.data()) + "\n\n");
  }

  /** One named event, ready to write. */
  record Frame(String name, Map<String, Object> data, Execution execution) {}

  private void stream(Context ctx) throws IOException {
    Filter filter = Filter.of(ctx);
    Visibility visible = new Visibility(Authenticator.principal(ctx), Authenticator.authorizer(ctx));
    BlockingQueue<Frame> frames = new LinkedBlockingQueue<>(CLIENT_QUEUE);
    ctx.status(200);
    ctx.res().setContentType("text/event-stream; charset=UTF-8");
    ctx.res().setHeader("Cache-Control", "no-cache");
    ctx.res().setHeader("X-Accel-Buffering", "no");
    OutputStream out = ctx.res().getOutputStream();
    try (Subscription ignored = bus.subscribe(event -> {
      Frame f = frame(event);
      if (f != null && filter.accepts(f) && !frames.offer(f)) {
        frames.poll();
        frames.offer(f);
      }
    })) {
      write(out, "\n");
      long checked = System.nanoTime();
      while (true) {
        Frame f = frames.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        if (f == null || System.nanoTime() - checked >= heartbeat.toNanos()) {
          Authenticator.recheck(ctx);
          visible.forget(); // roles may have changed: ask again
          checked = System.nanoTime();
        }
        if (f == null) {
          write(out, "\n");
          continue;
        }
        if (!visible.test(f)) {
          continue;
        }
        write(out, "event: " + f.name() + "\ndata: " + json.writeValueAsString(f.data()) + "\n\n");
        if (filter.ends(f)) {
          return;
        }
      }
    } catch (IOException clientGone) {
      // the client closed the connection: nothing to report
    } catch (SquallException credentialGone) {
      // the key or token was deleted or expired (or the store cannot tell): end the stream; a
      // client that still holds a valid credential reconnects
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Frame frame(Event event) {
    return switch (event) {
      case Event.ExecutionCreated c ->
          new Frame("st2.execution__create", view.render(c.execution(), false), c.execution());
      case Event.ExecutionUpdated u ->
          new Frame("st2.execution__update", view.render(u.execution(), false), u.execution());
      case Event.ExecutionOutput o -> {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("execution_id", o.line().executionId());
        d.put("timestamp", ExecutionView.time(o.line().timestamp()));
        d.put("output_type", o.line().stream());
        d.put("data", o.line().line() + "\n");
        yield new Frame("st2.execution.output__create", d, null);
      }
      case Event.Announcement a -> new Frame("st2.announcement__" + a.name(), a.data(), null);
    };
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /**
   * Which frames the caller may see: an execution's only with {@code execution_view} on it (its
   * action's grants), its output lines only once this stream has seen the execution allowed.
   * Asked on the client's own thread, not the event bus's, and remembered per execution.
   */
  static final class Visibility {
    private final Principal principal;
    private final Authorizer rbac;
    private final Map<String, Boolean> seen = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > 10_000;
      }
    };

    Visibility(Principal principal, Authorizer rbac) {
      this.principal = principal;
      this.rbac = rbac;
    }

    boolean test(Frame f) {
      if (principal.admin()) {
        return true;
      }
      if (f.execution() != null) {
        Execution e = f.execution();
        return seen.computeIfAbsent(e.id(), id -> rbac.allowed(principal, PermissionType.EXECUTION_VIEW,
            Target.execution(id, e.actionRef())));
      }
      Object id = f.data().get("execution_id");
      return id == null || Boolean.TRUE.equals(seen.get(id.toString()));
    }

    void forget() {
      seen.clear();
    }
  }

  /** The client's {@code events}, {@code action_refs}, {@code execution_ids} and end condition. */
  record Filter(List<Pattern> events, Set<String> actionRefs, Set<String> executionIds,
      String endEvent, String endExecutionId) {

    static Filter of(Context ctx) {
      List<String> names = split(ctx.queryParam("events"));
      return new Filter(
          (names.isEmpty() ? DEFAULT_EVENTS : names).stream().map(Filter::glob).toList(),
          Set.copyOf(split(ctx.queryParam("action_refs"))),
          Set.copyOf(split(ctx.queryParam("execution_ids"))),
          ctx.queryParam("end_event"), ctx.queryParam("end_execution_id"));
    }

    boolean accepts(Frame f) {
      if (events.stream().noneMatch(p -> p.matcher(f.name()).matches())) {
        return false;
      }
      String id = f.execution() != null ? f.execution().id() : (String) f.data().get("execution_id");
      if (!executionIds.isEmpty() && !executionIds.contains(id)) {
        return false;
      }
      return actionRefs.isEmpty() || f.execution() != null && actionRefs.contains(f.execution().actionRef());
    }

    boolean ends(Frame f) {
      return endEvent != null && endEvent.equals(f.name()) && f.execution() != null
          && f.execution().status().isTerminal()
          && (endExecutionId == null || endExecutionId.equals(f.execution().id()));
    }

    private static List<String> split(String v) {
      if (v == null || v.isBlank()) {
        return List.of();
      }
      return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
          .collect(Collectors.toList());
    }

    private static Pattern glob(String g) {
      StringBuilder re = new StringBuilder();
      for (char c : g.toCharArray()) {
        re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
      }
      return Pattern.compile(re.toString());
    }
  }
}
