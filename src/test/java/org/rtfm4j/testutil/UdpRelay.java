package org.rtfm4j.testutil;

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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A UDP relay between managers and a meter's agent on loopback. It can stop relaying, so a test
 * can make a meter "stop answering" half-way through a download and answer again later, with its
 * state intact; and it keeps a copy of every request it passes on: a capture of real SNMP
 * exchanges (engine discovery, authenticated and encrypted SNMPv3 included) taken without
 * privileges. Each client gets its own upstream socket, so answers find their way back.
 */
public final class UdpRelay implements AutoCloseable {
  private static final int MAX_DATAGRAM = 65_535;

  private final InetSocketAddress agent;
  private final DatagramSocket front;
  private final Map<SocketAddress, DatagramSocket> upstream = new ConcurrentHashMap<>();
  private final AtomicBoolean dropping = new AtomicBoolean();
  private final AtomicInteger dropped = new AtomicInteger();
  /** Answers still to pass before one is dropped; 0 when none is to be dropped. */
  private final AtomicInteger answerToDrop = new AtomicInteger();
  private final List<byte[]> requests = new ArrayList<>();
  private volatile boolean closed;

  public UdpRelay(int agentPort) throws SocketException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    agent = new InetSocketAddress(loopback, agentPort);
    front = new DatagramSocket(new InetSocketAddress(loopback, 0));
    Thread t = new Thread(this::relayRequests, "udp-relay-front");
    t.setDaemon(true);
    t.start();
  }

  public int port() {
    return front.getLocalPort();
  }

  /** While true, requests are dropped: the meter looks dead to the managers behind the relay. */
  public void setDropping(boolean drop) {
    dropping.set(drop);
  }

  /**
   * Drops the {@code k}-th answer from now (1 = the next one), once: the request did reach the
   * meter, its answer is lost, and the manager sends it again.
   */
  public void dropAnswer(int k) {
    answerToDrop.set(k);
  }

  public int dropped() {
    return dropped.get();
  }

  /** The requests relayed so far, in order. */
  public List<byte[]> requests() {
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
        if (dropping.get()) {
          dropped.incrementAndGet();
          continue;
        }
        synchronized (requests) {
          requests.add(Arrays.copyOfRange(p.getData(), p.getOffset(),
              p.getOffset() + p.getLength()));
        }
        SocketAddress client = p.getSocketAddress();
        DatagramSocket up = upstream.computeIfAbsent(client, this::open);
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
      Thread t = new Thread(() -> relayAnswers(s, client), "udp-relay-back");
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
        if (answerToDrop.get() > 0 && answerToDrop.decrementAndGet() == 0) {
          dropped.incrementAndGet();
          continue;
        }
        if (!dropping.get()) {
          front.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), client));
        }
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
