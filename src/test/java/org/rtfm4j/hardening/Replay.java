package org.rtfm4j.hardening;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.rtfm4j.client.MeterClient;
import org.rtfm4j.client.MeterException;
import org.snmp4j.smi.OID;

/**
 * Sends a corpus of datagrams at an agent from one UDP socket, paced: after every window of
 * datagrams (or of octets) a legitimate manager's GET must be answered, and its latency is kept.
 * The agent reads datagrams in order on one thread, so the GET's answer also shows that
 * everything sent before it has been taken in. Answers to the corpus are read and the error
 * statuses of those that can be read (not encrypted) are counted.
 */
final class Replay implements AutoCloseable {
  /** genErr(5), RFC 3416 §3: what an exception inside the agent turns into. */
  static final int GEN_ERR = 5;
  private static final int MAX_DATAGRAM = 65_535;
  private static final int RECEIVE_TIMEOUT_MILLIS = 200;

  private final InetSocketAddress agent;
  private final DatagramSocket socket;
  private final MeterClient liveness;
  private final List<OID> livenessOids;
  private final AtomicInteger answers = new AtomicInteger();
  private final AtomicInteger genErrs = new AtomicInteger();
  private final AtomicInteger errorAnswers = new AtomicInteger();
  private final Thread receiver;
  private volatile boolean closed;

  /** Figures of one run. */
  record Figures(int sent, long octets, int livenessGets, long maxLivenessMicros,
      long medianLivenessMicros, long millis) {}

  Replay(int agentPort, MeterClient liveness, List<OID> livenessOids) throws SocketException {
    this.agent = new InetSocketAddress(InetAddress.getLoopbackAddress(), agentPort);
    this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.socket.setSoTimeout(RECEIVE_TIMEOUT_MILLIS);
    this.liveness = liveness;
    this.livenessOids = List.copyOf(livenessOids);
    receiver = new Thread(this::receive, "hostile-replay-answers");
    receiver.setDaemon(true);
    receiver.start();
  }

  /**
   * Sends {@code corpus}; a liveness GET after every {@code window} datagrams or
   * {@code windowOctets} octets, and one at the end.
   *
   * @throws MeterException when a liveness GET is not answered
   */
  Figures run(List<byte[]> corpus, int window, int windowOctets)
      throws IOException, MeterException {
    long start = System.nanoTime();
    long[] latencies = new long[corpus.size() + 1];
    int gets = 0;
    int inWindow = 0;
    long windowBytes = 0;
    long octets = 0;
    for (byte[] d : corpus) {
      socket.send(new DatagramPacket(d, d.length, agent));
      octets += d.length;
      inWindow++;
      windowBytes += d.length;
      if (inWindow >= window || windowBytes >= windowOctets) {
        latencies[gets++] = livenessMicros();
        inWindow = 0;
        windowBytes = 0;
      }
    }
    latencies[gets++] = livenessMicros();
    long[] sorted = Arrays.copyOf(latencies, gets);
    Arrays.sort(sorted);
    return new Figures(corpus.size(), octets, gets, sorted[gets - 1], sorted[gets / 2],
        (System.nanoTime() - start) / 1_000_000);
  }

  private long livenessMicros() throws MeterException {
    long t = System.nanoTime();
    liveness.get(livenessOids);
    return (System.nanoTime() - t) / 1000;
  }

  /** Datagrams the agent sent back to the corpus's socket so far. */
  int answers() {
    return answers.get();
  }

  /** Readable answers with error-status genErr. */
  int genErrs() {
    return genErrs.get();
  }

  /** Readable answers with any error status. */
  int errorAnswers() {
    return errorAnswers.get();
  }

  private void receive() {
    byte[] buf = new byte[MAX_DATAGRAM];
    while (!closed) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
      } catch (SocketTimeoutException e) {
        continue;
      } catch (IOException e) {
        return; // closed
      }
      answers.incrementAndGet();
      SnmpReading r = SnmpReading.of(Arrays.copyOf(p.getData(), p.getLength()));
      if (r.errorStatus() > 0) {
        errorAnswers.incrementAndGet();
      }
      if (r.errorStatus() == GEN_ERR) {
        genErrs.incrementAndGet();
      }
    }
  }

  /** Waits until no answer has come for {@code quietMillis}. */
  void drain(long quietMillis) throws InterruptedException {
    int last = -1;
    while (answers.get() != last) {
      last = answers.get();
      Thread.sleep(quietMillis);
    }
  }

  @Override
  public void close() {
    closed = true;
    socket.close();
  }
}
