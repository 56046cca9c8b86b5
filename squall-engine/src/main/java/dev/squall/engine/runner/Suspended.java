package dev.squall.engine.runner;

/**
 * How a runner ends a run without an end: the server is stopping and the run's state is stored,
 * so the next start (or another node) continues it. The execution keeps its status (running,
 * paused…) and is not marked abandoned. Thrown by runners whose state is durable (workflows) when
 * {@link RunContext}'s service says it is stopping; never seen by a user.
 */
public final class Suspended extends RuntimeException {

  public Suspended(String executionId) {
    super("execution " + executionId + " left for the next start", null, false, false);
  }
}
