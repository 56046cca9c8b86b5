package dev.squall.chat.irc;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A deliberately plain IRC client for tests: raw socket, raw lines, no adapter code. */
public final class IrcTestClient implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  final String nick;

  private IrcTestClient(String nick, int port) throws IOException {
    this.nick = nick;
    this.socket = new Socket(NgircdServer.HOST, port);
    this.out = socket.getOutputStream();
    Thread.ofVirtual().name("irc-test-client-" + nick).start(this::read);
  }

  /** Connects, registers and waits for the end of the MOTD. */
  public static IrcTestClient connect(String nick, int port) throws IOException {
    IrcTestClient client = new IrcTestClient(nick, port);
    client.send("NICK " + nick);
    client.send("USER " + nick + " 0 * :Test user " + nick);
    await("test client " + nick + " registered").atMost(Duration.ofSeconds(30))
        .until(() -> client.lines.stream().anyMatch(l -> l.contains(" 376 ") || l.contains(" 422 ")));
    return client;
  }

  public void join(String channel) throws IOException {
    send("JOIN " + channel);
    await(nick + " joined " + channel).atMost(Duration.ofSeconds(30))
        .until(() -> lines.stream().anyMatch(l -> l.contains(" 366 " + nick + " " + channel + " ")));
  }

  /** Waits until {@code other} is in the channel (seen in NAMES or by a JOIN). */
  public void awaitMember(String channel, String other) {
    await(other + " in " + channel).atMost(Duration.ofSeconds(30)).until(() -> lines.stream().anyMatch(l ->
        l.startsWith(":" + other + "!") && l.contains(" JOIN ")
            || l.contains(" 353 ") && l.contains(" " + channel + " :") && (" " + l.substring(l.lastIndexOf(':') + 1) + " ")
                .matches(".* [@+~&%]?" + java.util.regex.Pattern.quote(other) + " .*")));
  }

  public void say(String target, String text) throws IOException {
    send("PRIVMSG " + target + " :" + text);
  }

  public void send(String raw) throws IOException {
    out.write((raw + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Every raw line received so far, in order. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** The PRIVMSG lines from {@code fromNick} to {@code target}, parsed. */
  public List<IrcLine> privmsgs(String fromNick, String target) {
    return lines.stream().map(IrcLine::parse)
        .filter(l -> l.command().equals("PRIVMSG") && l.nick().equals(fromNick) && l.param(0).equals(target))
        .toList();
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(line);
        if (line.startsWith("PING ")) {
          send("PONG " + line.substring(5));
        }
      }
    } catch (IOException e) {
      // Closed by the test or by the server going away.
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
