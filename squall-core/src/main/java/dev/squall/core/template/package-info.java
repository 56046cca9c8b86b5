/**
 * Templates, as StackStorm renders them with Jinja, on one Jinjava engine.
 *
 * <ul>
 *   <li>{@link dev.squall.core.template.TemplateEngine}: render text, values, and shell command
 *       lines; StackStorm's filters; Python-style printing; limits against runaway templates.
 *   <li>{@link dev.squall.core.template.ParameterRenderer}: an execution's final parameters from
 *       templated defaults, in dependency order.
 *   <li>{@link dev.squall.core.template.ResultTemplates}: the chat ack and result messages.
 * </ul>
 *
 * <p>Where Squall differs from StackStorm on purpose (DESIGN divergences 9 and 10): a substituted
 * value is never rendered again; values a user gives are never rendered at all; values
 * substituted into a shell command line are shell-quoted unless the template marks them
 * {@code |safe}; a bare None prints as "" rather than "None".
 */
package dev.squall.core.template;
