package dev.squall.chat;

/**
 * @param maxMessageLength the longest text one platform message may carry (IRC: what fits in a
 *     512-byte line after the prefix; Slack: 40,000 characters…)
 * @param threads whether the platform has threads a reply can go into
 */
public record PlatformLimits(String platform, int maxMessageLength, boolean threads) {}
