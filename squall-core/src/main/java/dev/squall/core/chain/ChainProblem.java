package dev.squall.core.chain;

/** One problem of a chain file: the line it is on (1-based) and StackStorm's reason. */
public record ChainProblem(int line, String message) {}
