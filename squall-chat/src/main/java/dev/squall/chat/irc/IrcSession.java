package dev.squall.chat.irc;

import dev.squall.chat.ReconnectingAdapter;
import dev.squall.chat.TrustEverything;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/** One TCP (or TLS) connection to an IRC server, from registration until it drops. */
final class IrcSession {

  sealed interface Event {
    /** Registered and channels joined: sending may start. */
    record Ready() implements Event {}

    /** The server showed our own {@code user@host}, which the line budget depends on. */
    record OwnMask(String user, String host) implements Event {}

    record Message(String nick, String account, String target, String text) implements Event {}

    /** The server confirmed a new nick for us after registration. */
    record NickChanged(String nick) implements Event {}

    /** Something the operator should know (authentication failed…); the session goes on. */
    record Problem(String detail) implements Event {}
  }

  /** Silence after which we PING the server; a second silent period drops the connection. */
  private static final int IDLE_TIMEOUT_MS = 90_000;
  /** SASL AUTHENTICATE payloads travel in 400-byte base64 chunks. */
  private static final int SASL_CHUNK = 400;
  /** Underscores appended to a taken nick before giving up on this connection. */
  private static final int MAX_NICK_ATTEMPTS = 5;

  private final IrcSettings settings;
  private final BiConsumer<IrcSession, Event> handler; // told what the session learns, on the reading thread
  private final Socket socket;
  private final BufferedReader in;
  private final OutputStream out;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Set<String> offeredCaps = new HashSet<>();
  private volatile String nick;
  private volatile boolean ready;
  private volatile String serverError;
  private volatile String warning;
  private boolean welcomed;
  private boolean awaitingPong;
  private int nickAttempts;

  private IrcSession(IrcSettings settings, BiConsumer<IrcSession, Event> handler, Socket socket) throws IOException {
    this.settings = settings;
    this.handler = handler;
    this.socket = socket;
    this.nick = settings.nick();
    socket.setSoTimeout(IDLE_TIMEOUT_MS);
    this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    this.out = socket.getOutputStream();
  }

  static IrcSession open(IrcSettings settings, BiConsumer<IrcSession, Event> handler) throws IOException {
    Socket plain = new Socket();
    try {
      plain.connect(new InetSocketAddress(settings.server(), settings.port()), (int) ReconnectingAdapter.CONNECT_TIMEOUT.toMillis());
      Socket socket = settings.tls() ? wrapTls(plain, settings) : plain;
      return new IrcSession(settings, handler, socket);
    } catch (IOException | RuntimeException e) {
      plain.close();
      throw e;
    }
  }

  String nick() {
    return nick;
  }

  boolean wasReady() {
    return ready;
  }

  /** What the server said in its ERROR line before closing, or null. */
  String serverError() {
    return serverError;
  }

  /** The last problem reported during this session (a failed login…), or null. */
  String warning() {
    return warning;
  }

  private void problem(String detail) {
    warning = detail;
    handler.accept(this, new Event.Problem(detail));
  }

  /** Registers, then reads until the connection ends (normally by an IOException or EOF). */
  void readLoop() throws IOException {
    write("CAP LS 302");
    if (settings.password() != null) {
      write("PASS " + settings.password());
    }
    write("NICK " + nick);
    write("USER " + settings.username() + " 0 * :" + settings.realname());
    while (true) {
      String raw;
      try {
        raw = in.readLine();
      } catch (SocketTimeoutException e) {
        if (awaitingPong) {
          throw new IOException("no answer from the server for " + 2 * IDLE_TIMEOUT_MS / 1000 + " s");
        }
        awaitingPong = true;
        write("PING :squall");
        continue;
      }
      if (raw == null) {
        return;
      }
      awaitingPong = false;
      if (!raw.isBlank()) {
        handle(IrcLine.parse(raw));
      }
    }
  }

  private void handle(IrcLine line) throws IOException {
    switch (line.command()) {
      case "PING" -> write("PONG :" + line.last());
      case "CAP" -> onCap(line);
      case "AUTHENTICATE" -> {
        if (line.param(0).equals("+")) {
          sendSaslPlain();
        }
      }
      case "903" -> write("CAP END");
      case "902", "904", "905", "906", "908" -> {
        problem("SASL login as " + settings.saslUser() + " failed: " + line.last());
        write("CAP END");
      }
      case "001" -> {
        welcomed = true;
        nick = line.param(0);
        if (settings.nickservPassword() != null) {
          write("PRIVMSG NickServ :IDENTIFY " + settings.nickservPassword());
        }
      }
      case "376", "422" -> {
        if (!ready) {
          for (String channel : settings.channels()) {
            write("JOIN " + channel);
          }
          ready = true;
          handler.accept(this, new Event.Ready());
        }
      }
      case "433", "436", "437" -> {
        if (!welcomed) {
          if (++nickAttempts > MAX_NICK_ATTEMPTS) {
            throw new IOException("nicks " + settings.nick() + " to " + nick + " are all in use");
          }
          nick = nick + "_";
          write("NICK " + nick);
        }
      }
      case "432" -> throw new IOException("the server rejects the nick " + nick + ": " + line.last());
      case "464" -> problem("server password rejected: " + line.last());
      case "465" -> problem("banned from the server: " + line.last());
      case "471", "473", "474", "475" -> problem("cannot join " + line.param(1) + ": " + line.last());
      case "ERROR" -> serverError = line.last();
      case "NICK" -> {
        if (line.nick().equalsIgnoreCase(nick)) {
          nick = line.last();
          handler.accept(this, new Event.NickChanged(nick));
        } else {
          reclaimNick(line.nick());
        }
      }
      case "QUIT" -> reclaimNick(line.nick());
      case "JOIN" -> {
        if (line.nick().equalsIgnoreCase(nick) && line.host() != null) {
          handler.accept(this, new Event.OwnMask(line.user(), line.host()));
        }
      }
      case "PRIVMSG" -> onPrivmsg(line);
      default -> {
        // NOTICE, MODE, numerics we do not need: ignored on purpose.
      }
    }
  }

  /** When whoever held our configured nick leaves or renames, take the nick back. */
  private void reclaimNick(String leaving) throws IOException {
    if (welcomed && leaving.equalsIgnoreCase(settings.nick()) && !nick.equalsIgnoreCase(settings.nick())) {
      write("NICK " + settings.nick());
    }
  }

  private void onPrivmsg(IrcLine line) {
    String text = line.last();
    String sender = line.nick();
    if (line.params().size() < 2 || sender.equalsIgnoreCase(nick) || sender.isEmpty()
        || text.startsWith("\u0001")) {
      return; // our own echo, or CTCP (/me, VERSION…), which is not a command
    }
    String account = line.tags().get("account");
    handler.accept(this, new Event.Message(sender, account == null || account.isEmpty() ? null : account,
        line.param(0), text));
  }

  private void onCap(IrcLine line) throws IOException {
    String sub = line.param(1).toUpperCase(java.util.Locale.ROOT);
    switch (sub) {
      case "LS" -> {
        for (String cap : line.last().split(" ")) {
          int eq = cap.indexOf('=');
          offeredCaps.add(eq < 0 ? cap : cap.substring(0, eq));
        }
        if (line.params().size() > 3 && line.param(2).equals("*")) {
          return; // more LS lines follow
        }
        Set<String> wanted = new HashSet<>();
        if (offeredCaps.contains("account-tag")) {
          wanted.add("account-tag");
        }
        if (settings.saslUser() != null) {
          if (offeredCaps.contains("sasl")) {
            wanted.add("sasl");
          } else {
            problem("server offers no SASL; continuing without logging in as " + settings.saslUser());
          }
        }
        write(wanted.isEmpty() ? "CAP END" : "CAP REQ :" + String.join(" ", wanted));
      }
      case "ACK" -> {
        if ((" " + line.last() + " ").contains(" sasl ")) {
          write("AUTHENTICATE PLAIN");
        } else {
          write("CAP END");
        }
      }
      case "NAK" -> write("CAP END");
      default -> {
        // NEW/DEL/LIST: nothing we react to.
      }
    }
  }

  private void sendSaslPlain() throws IOException {
    String payload = Base64.getEncoder().encodeToString(
        (settings.saslUser() + "\0" + settings.saslUser() + "\0" + settings.saslPassword())
            .getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < payload.length(); i += SASL_CHUNK) {
      write("AUTHENTICATE " + payload.substring(i, Math.min(payload.length(), i + SASL_CHUNK)));
    }
    if (payload.length() % SASL_CHUNK == 0) {
      write("AUTHENTICATE +");
    }
  }

  void write(String line) throws IOException {
    byte[] bytes = (line + "\r\n").getBytes(StandardCharsets.UTF_8);
    writeLock.lock();
    try {
      out.write(bytes);
      out.flush();
    } finally {
      writeLock.unlock();
    }
  }

  void quit(String reason) {
    try {
      write("QUIT :" + reason);
    } catch (IOException e) {
      // Already gone: nothing to say goodbye to.
    }
    closeQuietly();
  }

  void closeQuietly() {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing a broken socket can fail; the session is over either way.
    }
  }

  /** Removes mIRC colour and formatting codes so that commands match as typed. */
  static String stripFormatting(String text) {
    return text.replaceAll("\u0003(\\d{1,2}(,\\d{1,2})?)?", "")
        .replaceAll("\u0004([0-9a-fA-F]{6}(,[0-9a-fA-F]{6})?)?", "")
        .replaceAll("[\u0002\u000f\u0011\u0016\u001d\u001e\u001f]", "");
  }

  private static Socket wrapTls(Socket plain, IrcSettings settings) throws IOException {
    SSLSocketFactory factory;
    try {
      if (settings.tlsVerify()) {
        factory = (SSLSocketFactory) SSLSocketFactory.getDefault();
      } else {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustEverything()}, null);
        factory = context.getSocketFactory();
      }
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS: " + e.getMessage(), e);
    }
    SSLSocket socket = (SSLSocket) factory.createSocket(plain, settings.server(), settings.port(), true);
    if (settings.tlsVerify()) {
      SSLParameters params = socket.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(params);
    }
    socket.startHandshake();
    return socket;
  }
}
