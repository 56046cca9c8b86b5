/**
 * Action aliases: StackStorm's chat grammar for actions (spec §2), and the one matcher the bot,
 * the HTTP API and the CLI share.
 *
 * <ul>
 *   <li>{@link dev.squall.core.alias.AliasFormatParser} / {@link
 *       dev.squall.core.alias.CompiledFormat}: one format against one command, StackStorm's
 *       algorithm with DESIGN.md's divergences 1–3 and a bounded regex (10).
 *   <li>{@link dev.squall.core.alias.AliasMatcher}: every enabled alias, indexed; two passes,
 *       ambiguity errors that name the candidates, "did you mean" suggestions.
 *   <li>{@link dev.squall.core.alias.AliasParameters}: immutable parameters and casting, after
 *       a match and before the execution service.
 *   <li>{@link dev.squall.core.alias.AliasHelp}: {@code /api/v1/actionalias/help}.
 * </ul>
 *
 * <p>Every error a user can cause is a {@link dev.squall.core.error.BadRequestException} with
 * StackStorm's message where it has one.
 */
package dev.squall.core.alias;
