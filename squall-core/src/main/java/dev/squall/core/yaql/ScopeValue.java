package dev.squall.core.yaql;

/** What {@code let(...)} and {@code with(...)} return: a context for the right side of {@code ->}. */
record ScopeValue(Scope scope) {}
