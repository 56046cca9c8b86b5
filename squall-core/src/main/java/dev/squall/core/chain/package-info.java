/**
 * StackStorm's {@code action-chain} definitions: the one parser and inspection of a chain file
 * ({@link dev.squall.core.chain.ChainParser}), used at pack load and by the runner.
 */
package dev.squall.core.chain;
