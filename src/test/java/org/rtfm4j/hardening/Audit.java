package org.rtfm4j.hardening;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rtfm4j.client.MeterClient;
import org.rtfm4j.client.MeterException;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.VariableBinding;

/**
 * Datagrams one at a time, each followed by a GET of the agent's drop counters: what became of
 * each one, an answer or a counter that moved (the agent reads datagrams in order on one thread,
 * so the GET's answer comes after the datagram has been taken in and counted).
 */
final class Audit implements AutoCloseable {
  /** How long an answer may take once no counter has moved (a request handled by a worker). */
  private static final int ANSWER_MILLIS = 2000;
  private static final int DRAIN_MILLIS = 2;
  private static final int MAX_DATAGRAM = 65_535;

  private final InetSocketAddress agent;
  private final DatagramSocket socket;
  private final MeterClient counters;
  private final List<OID> counterOids;
  private long[] last;

  /** What became of one datagram. */
  record Outcome(boolean answered, List<OID> moved) {
    boolean silent() {
      return !answered && moved.isEmpty();
    }
  }

  Audit(int agentPort, MeterClient counters, List<OID> counterOids)
      throws IOException, MeterException {
    this.agent = new InetSocketAddress(InetAddress.getLoopbackAddress(), agentPort);
    this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.counters = counters;
    this.counterOids = List.copyOf(counterOids);
    this.last = read();
  }

  Outcome send(byte[] d) throws IOException, MeterException {
    drain();
    socket.send(new DatagramPacket(d, d.length, agent));
    long[] now = read();
    List<OID> moved = new ArrayList<>();
    for (int i = 0; i < now.length; i++) {
      if (now[i] != last[i]) {
        moved.add(counterOids.get(i));
      }
    }
    last = now;
    Long id = SnmpReading.of(d).messageId();
    return new Outcome(answered(id, moved.isEmpty() ? ANSWER_MILLIS : DRAIN_MILLIS), moved);
  }

  /** Waits for an answer carrying {@code id} (any answer when null). */
  private boolean answered(Long id, int millis) throws IOException {
    long end = System.nanoTime() + millis * 1_000_000L;
    byte[] buf = new byte[MAX_DATAGRAM];
    while (true) {
      long left = (end - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        return false;
      }
      socket.setSoTimeout((int) left);
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
      } catch (SocketTimeoutException e) {
        return false;
      }
      Long got = SnmpReading.of(Arrays.copyOf(p.getData(), p.getLength())).messageId();
      if (id == null || id.equals(got)) {
        return true;
      }
    }
  }

  private void drain() throws IOException {
    socket.setSoTimeout(1);
    byte[] buf = new byte[MAX_DATAGRAM];
    try {
      while (true) {
        socket.receive(new DatagramPacket(buf, buf.length));
      }
    } catch (SocketTimeoutException e) {
      // nothing left from earlier datagrams
    }
  }

  private long[] read() throws MeterException {
    List<VariableBinding> l = counters.get(counterOids);
    long[] v = new long[l.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = l.get(i).getVariable().toLong();
    }
    return v;
  }

  @Override
  public void close() {
    socket.close();
  }
}
