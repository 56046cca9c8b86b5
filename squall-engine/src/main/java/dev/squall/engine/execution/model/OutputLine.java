package dev.squall.engine.execution.model;

import java.time.Instant;

/**
 * One line a runner wrote, as stored and streamed.
 *
 * @param seq position within the execution's output, from 0, across both streams
 * @param stream {@code stdout} or {@code stderr}
 */
public record OutputLine(String executionId, long seq, String stream, String line, Instant timestamp) {}
