/**
 * YAQL 3, the expression language of orquesta workflows ({@code <% $.x.where($ > 1) %>}), in pure
 * Java: {@link dev.squall.core.yaql.Yaql} parses and evaluates, {@link
 * dev.squall.core.yaql.YaqlFunctions} holds the standard library plus a caller's own functions,
 * {@link dev.squall.core.yaql.YaqlTemplates} renders strings holding {@code <% %>} spans. Values
 * are JSON-like Java values (Map, List, String, Boolean, Long/Double, null); the semantics follow
 * openstack/yaql (operators, precedence, Python truthiness and comparisons).
 */
package dev.squall.core.yaql;
