package org.rtfm4j.hardening;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A UDP relay on loopback between SNMP managers and an agent that keeps a copy of every request
 * it passes on: a capture of real SNMP exchanges (engine discovery, authenticated and encrypted
 * SNMPv3 included) taken without privileges, to seed the hostile corpus.
 */
final class RecordingRelay implements AutoCloseable {
  private static final int MAX_DATAGRAM = 65_535;

  private final InetSocketAddress agent;
  private final DatagramSocket front;
  private final Map<SocketAddress, DatagramSocket> upstream = new ConcurrentHashMap<>();
  private final List<byte[]> requests = new ArrayList<>();
  private volatile boolean closed;

  RecordingRelay(int agentPort) throws SocketException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    agent = new InetSocketAddress(loopback, agentPort);
    front = new DatagramSocket(new InetSocketAddress(loopback, 0));
    Thread t = new Thread(this::relayRequests, "recording-relay");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return front.getLocalPort();
  }

  /** The requests relayed so far, in order. */
  List<byte[]> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  private void relayRequests() {
    byte[] buf = new byte[MAX_DATAGRAM];
    while (!closed) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        front.receive(p);
        synchronized (requests) {
          requests.add(Arrays.copyOfRange(p.getData(), p.getOffset(),
              p.getOffset() + p.getLength()));
        }
        DatagramSocket up = upstream.computeIfAbsent(p.getSocketAddress(), this::open);
        up.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), agent));
      } catch (IOException e) {
        if (!closed) {
          throw new IllegalStateException("relay failed", e);
        }
      }
    }
  }

  private DatagramSocket open(SocketAddress client) {
    try {
      DatagramSocket s = new DatagramSocket(new InetSocketAddress(
          InetAddress.getLoopbackAddress(), 0));
      Thread t = new Thread(() -> relayAnswers(s, client), "recording-relay-back");
      t.setDaemon(true);
      t.start();
      return s;
    } catch (SocketException e) {
      throw new IllegalStateException(e);
    }
  }

  private void relayAnswers(DatagramSocket s, SocketAddress client) {
    byte[] buf = new byte[MAX_DATAGRAM];
    while (!closed) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        s.receive(p);
        front.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    front.close();
    upstream.values().forEach(DatagramSocket::close);
  }
}
