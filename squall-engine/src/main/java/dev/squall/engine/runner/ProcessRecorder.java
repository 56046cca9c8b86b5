package dev.squall.engine.runner;

import dev.squall.engine.execution.model.ProcessGroup;

/**
 * Told of each process group a runner starts, as soon as it starts, so that the group can be
 * recorded with the execution and killed after a crash of the server.
 */
@FunctionalInterface
public interface ProcessRecorder {

  void started(ProcessGroup group);

  ProcessRecorder NONE = group -> {};
}
