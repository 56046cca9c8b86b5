package dev.squall.chat.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.squall.chat.JsonSocket;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * One Gateway WebSocket, from HELLO until it drops: frames in, payloads out, and the heartbeat.
 * What the payloads mean is the adapter's business; this class only answers op 1 (a heartbeat
 * Discord asks for) and op 11 (the ACK) itself, and ends the connection as zombied when a
 * heartbeat went unacknowledged for a whole interval.
 */
final class GatewaySession extends JsonSocket {

  static final int HEARTBEAT = 1;
  static final int HEARTBEAT_ACK = 11;

  /** Discord closes a socket it has not heard from for a while; a send must never hang longer. */
  private static final long SEND_TIMEOUT_SECONDS = 10;

  /** READY or RESUMED arrived: the session may send. */
  final CompletableFuture<Void> ready = new CompletableFuture<>();

  private final BiConsumer<GatewaySession, JsonNode> onPayload;
  private final LongSupplier lastSequence;
  private final Object sendLock = new Object();
  private volatile boolean acknowledged = true;
  private volatile Thread heartbeat;
  /** The close code Discord sent, or -1: some codes forbid resuming. */
  private volatile int closeCode = -1;

  /**
   * @param onPayload every payload but heartbeats and ACKs, on the WebSocket's listener thread
   * @param lastSequence the last dispatch's {@code s}, or a negative number before the first
   */
  GatewaySession(BiConsumer<GatewaySession, JsonNode> onPayload, LongSupplier lastSequence) {
    this.onPayload = onPayload;
    this.lastSequence = lastSequence;
  }

  @Override
  protected void onMessage(JsonNode payload) {
    switch (payload.path("op").asInt(-1)) {
      case HEARTBEAT_ACK -> acknowledged = true;
      case HEARTBEAT -> beat();
      default -> onPayload.accept(this, payload);
    }
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeCode = statusCode;
    return super.onClose(webSocket, statusCode, reason);
  }

  /**
   * Starts heartbeating every {@code intervalMs}, as HELLO asks; the first beat comes after a
   * random fraction of the interval so that many clients reconnecting at once spread out.
   */
  void startHeartbeat(long intervalMs) {
    heartbeat = Thread.ofVirtual().name("discord-heartbeat").start(() -> {
      try {
        Thread.sleep((long) (intervalMs * ThreadLocalRandom.current().nextDouble()));
        while (!ended.isDone()) {
          if (!acknowledged) {
            end("no HEARTBEAT_ACK within " + intervalMs + " ms (zombied connection)");
            return;
          }
          acknowledged = false;
          beat();
          Thread.sleep(intervalMs);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  /** Op 1 with the last sequence number, or null before any dispatch. */
  private void beat() {
    long seq = lastSequence.getAsLong();
    ObjectNode payload = JSON.createObjectNode().put("op", HEARTBEAT);
    if (seq < 0) {
      payload.putNull("d");
    } else {
      payload.put("d", seq);
    }
    send(payload);
  }

  /** Sends one payload; the Java WebSocket allows one outstanding send, so sends take turns. */
  void send(JsonNode payload) {
    WebSocket s = socket();
    if (s == null || ended.isDone()) {
      return;
    }
    synchronized (sendLock) {
      try {
        s.sendText(payload.toString(), true).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        end("cannot send to the Gateway: " + (e.getCause() == null ? e : e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  int closeCode() {
    return closeCode;
  }

  /**
   * Drops the connection without a close frame: Discord keeps the session resumable (a close with
   * 1000 or 1001 would end it).
   */
  @Override
  public void end(String why) {
    super.end(why);
    Thread beat = heartbeat;
    if (beat != null && beat != Thread.currentThread()) {
      beat.interrupt();
    }
  }

  /** Closes with 1000 so Discord ends the session and the bot shows offline at once. */
  void goodbye() {
    WebSocket s = socket();
    if (s != null && !ended.isDone()) {
      try {
        s.sendClose(WebSocket.NORMAL_CLOSURE, "closing").get(2, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // dropping it below is just as good
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    end("closed");
  }
}
