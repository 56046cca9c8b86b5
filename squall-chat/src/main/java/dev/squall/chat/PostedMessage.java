package dev.squall.chat;

/**
 * A message the platform accepted, as the adapter can address it again to edit it: Slack's
 * channel and {@code ts}, Discord's channel and message id, a Matrix event id, a Mattermost post
 * id, a Teams activity id, the web chat's line id.
 *
 * @param room where it was posted
 * @param thread the thread it went into, or null
 * @param id the platform's id for the posted message
 */
public record PostedMessage(String room, String thread, String id) {}
