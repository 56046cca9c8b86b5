/**
 * Which chat platforms exist: {@link dev.squall.chat.platforms.ChatAdapters} builds the adapters
 * that {@code squall.yaml} asks for. It sits above the bot's package and every platform's package,
 * so that the platforms can import the bot's contracts without a cycle.
 */
package dev.squall.chat.platforms;
