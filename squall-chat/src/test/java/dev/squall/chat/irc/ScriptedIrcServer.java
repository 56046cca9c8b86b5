package dev.squall.chat.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A one-connection fake IRC server driven line by line by the test, for protocol features the
 * real test server (ngircd) does not have, such as SASL and IRCv3 account tags.
 */
final class ScriptedIrcServer implements AutoCloseable {

  private static final int READ_TIMEOUT_MS = 30_000;
  private final ServerSocket listener;
  private Socket socket;
  private BufferedReader in;
  private OutputStream out;

  ScriptedIrcServer() throws IOException {
    listener = new ServerSocket(0, 1, InetAddress.getByName(NgircdServer.HOST));
    listener.setSoTimeout(READ_TIMEOUT_MS);
  }

  int port() {
    return listener.getLocalPort();
  }

  void accept() throws IOException {
    socket = listener.accept();
    socket.setSoTimeout(READ_TIMEOUT_MS);
    in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    out = socket.getOutputStream();
  }

  /** Reads the client's next line and checks it. */
  String expect(String line) throws IOException {
    String got = in.readLine();
    assertThat(got).as("line from the adapter").isEqualTo(line);
    return got;
  }

  /** Reads the client's next line and checks its start. */
  String expectStart(String start) throws IOException {
    String got = in.readLine();
    assertThat(got).as("line from the adapter").startsWith(start);
    return got;
  }

  void send(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
    }
    listener.close();
  }
}
