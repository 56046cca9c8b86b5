package dev.squall.chat;

import java.util.List;
import java.util.Map;

/**
 * A third-party chat server faked for tests (Slack, Mattermost, Discord, Matrix, Teams), seen the
 * way a whole-server test needs it: how to point an adapter at it, how to play a user, and what the
 * bot posted. Each fake also has its own, platform-specific API for the adapter's own tests.
 */
public interface FakePlatform extends AutoCloseable {

  /** One message the bot posted, as the platform stored it. */
  record Posted(String room, String thread, String text) {}

  /**
   * The keys of a {@code chat.<name>} section that connect an adapter to this fake, {@code type}
   * included, so a test can write them into {@code squall.yaml}.
   */
  Map<String, Object> adapterConfig();

  /**
   * A user writes {@code text} in {@code room}, inside the thread rooted at {@code thread} when it
   * is not null, and the platform delivers it to the bot as it would a real message.
   *
   * @return the new message's id on the platform (what a later message may use as its thread)
   */
  String userSays(String user, String room, String thread, String text);

  /** Everything the bot posted, in the order the platform accepted it. */
  List<Posted> posted();

  /**
   * One edit the platform accepted of a message the bot had posted (an edit of a message it never
   * posted is refused, as the platform would).
   *
   * @param original the message as first posted
   * @param text what it shows after the edit
   * @param at when the platform received the edit
   * @param call the platform's own call, e.g. {@code chat.update} or {@code PATCH /channels/…}
   */
  record Edited(Posted original, String text, java.time.Instant at, String call) {}

  /** Every edit of the bot's messages, in the order the platform accepted them. */
  default List<Edited> edited() {
    return List.of();
  }

  @Override
  void close();
}
