package dev.squall.chat;

import java.util.Optional;

/** An adapter as the bot uses it: every message handed to it to send is counted. */
final class CountedAdapter implements ChatAdapter {

  private final ChatAdapter adapter;
  private final ChatTraffic traffic;

  CountedAdapter(ChatAdapter adapter, ChatTraffic traffic) {
    this.adapter = adapter;
    this.traffic = traffic;
  }

  @Override
  public String name() {
    return adapter.name();
  }

  @Override
  public PlatformLimits limits() {
    return adapter.limits();
  }

  @Override
  public boolean lineBased() {
    return adapter.lineBased();
  }

  @Override
  public void start(ChatListener listener) {
    adapter.start(listener);
  }

  /** Counted once the adapter took it (a refused message throws and is not counted). */
  @Override
  public void send(OutgoingMessage message) {
    adapter.send(message);
    traffic.countOut(adapter.name());
  }

  @Override
  public Optional<PostedMessage> post(OutgoingMessage message) {
    Optional<PostedMessage> posted = adapter.post(message);
    traffic.countOut(adapter.name());
    return posted;
  }

  @Override
  public boolean edits() {
    return adapter.edits();
  }

  @Override
  public void edit(PostedMessage posted, OutgoingMessage replacement) {
    adapter.edit(posted, replacement);
  }

  @Override
  public boolean asksWithControls() {
    return adapter.asksWithControls();
  }

  @Override
  public AdapterHealth health() {
    return adapter.health();
  }

  @Override
  public String addressee(String userId, String userName) {
    return adapter.addressee(userId, userName);
  }

  @Override
  public Optional<String> directRoom(String userId, String userName) {
    return adapter.directRoom(userId, userName);
  }

  @Override
  public void close() {
    adapter.close();
  }
}
