package dev.squall.server;

import dev.squall.core.error.UnavailableException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code squall start} makes sure of before it creates anything (the home, the store, the
 * admin and its printed password, the token file): that the API port is free and that the home
 * can be written. Each failure is one line naming the cause and what to do.
 */
final class StartChecks {

  private StartChecks() {}

  /** The API can listen on {@code host:port} (port 0, any free port, always can). */
  static void portIsFree(String host, int port) {
    if (port == 0) {
      return;
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new UnavailableException("cannot listen on " + host + ": no such address; set"
          + " server.host (or --host) to an address of this machine");
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true); // as the server itself binds: a socket in TIME_WAIT is no obstacle
      probe.bind(new InetSocketAddress(address, port));
    } catch (BindException e) {
      throw new UnavailableException("port " + port + " on " + host + " is in use (is Squall"
          + " already running?): stop what listens there, or choose another port with --port or"
          + " SQUALL_SERVER_PORT");
    } catch (IOException e) {
      throw new UnavailableException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
          + "): choose another address or port");
    }
  }

  /**
   * Squall can write in {@code home}: it exists and is writable, or the nearest folder above it
   * that exists is (so it can be created); and so can the store's folder and file if present.
   */
  static void homeIsWritable(Path home) {
    Path dir = home.toAbsolutePath();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UnavailableException("SQUALL_HOME " + dir + " is not a folder: set SQUALL_HOME to"
          + " a folder Squall may write in");
    }
    Path existing = dir;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isWritable(existing)) {
      throw new UnavailableException(existing == dir
          ? "SQUALL_HOME " + dir + " is read-only: make it writable, or set SQUALL_HOME to a"
              + " folder Squall may write in"
          : "SQUALL_HOME " + dir + " cannot be created (" + existing + " is read-only): create it,"
              + " or set SQUALL_HOME to a folder Squall may write in");
    }
    for (Path inside : new Path[] {dir.resolve("db"), dir.resolve("db").resolve("squall.mv.db")}) {
      if (Files.exists(inside) && !Files.isWritable(inside)) {
        throw new UnavailableException(inside + " is read-only: make it writable (Squall keeps its"
            + " store there)");
      }
    }
  }
}
