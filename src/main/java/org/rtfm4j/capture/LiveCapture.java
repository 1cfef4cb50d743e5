package org.rtfm4j.capture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;

/**
 * Live capture on one or more interfaces through libpcap (pcap4j's raw-packet loop, which is
 * several times faster than its per-call API). Interfaces are numbered 1..N in the order given;
 * with several, each has its own capture thread and deliveries to the sink are serialized.
 * A live capture runs once: after {@link #stop()} it stays stopped.
 */
public final class LiveCapture implements PacketSource {
  /** Names that mean "the loopback interface", whatever the OS calls it. */
  private static final List<String> LOOPBACK_ALIASES = List.of("lo", "loop");
  private static final String LINUX_LOOPBACK = "lo";

  private final List<PcapPort> ports;
  private final List<CaptureInterface> interfaces;
  private final Object sinkLock = new Object();
  private volatile boolean stopRequested;
  private volatile Throwable failure;

  private LiveCapture(List<PcapPort> ports) {
    this.ports = List.copyOf(ports);
    List<CaptureInterface> list = new ArrayList<>();
    for (PcapPort p : ports) {
      list.add(new CaptureInterface(p.number, p.name, p.linkType));
    }
    this.interfaces = List.copyOf(list);
  }

  /**
   * Opens every interface (names as libpcap knows them; "lo" and "loop" mean the loopback).
   *
   * @throws CaptureException when libpcap is missing, an interface does not exist or may not be
   *     captured on, or the filter does not compile; the message says what to do
   */
  public static LiveCapture open(List<String> interfaceNames, LiveCaptureOptions options)
      throws CaptureException {
    if (interfaceNames.isEmpty()) {
      throw new IllegalArgumentException("no interface to capture on");
    }
    List<PcapPort> opened = new ArrayList<>();
    try {
      for (String requested : interfaceNames) {
        opened.add(openPort(opened.size() + 1, resolve(requested), options));
      }
    } catch (CaptureException | RuntimeException | Error e) {
      for (PcapPort p : opened) {
        p.close();
      }
      throw e;
    }
    return new LiveCapture(opened);
  }

  private static PcapPort openPort(int number, String device, LiveCaptureOptions options)
      throws CaptureException {
    try {
      return PcapPort.open(number, device, options);
    } catch (PcapNativeException e) {
      throw new CaptureException(LiveCaptureErrors.openFailure(device, e.getReturnCode(),
          e.getMessage(), availableOrNull(), javaCommand()), e);
    } catch (PcapPort.BadFilter e) {
      throw new CaptureException(LiveCaptureErrors.badFilter(device, options.filter(),
          e.getMessage()), e);
    } catch (NotOpenException e) {
      throw new CaptureException("cannot capture on '" + device + "': the handle closed while"
          + " it was being set up", e);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      throw new CaptureException(LiveCaptureErrors.noLibpcap(e), e);
    }
  }

  /** The libpcap version string, or null when libpcap cannot be loaded. */
  public static String libpcapVersion() {
    try {
      return Pcaps.libVersion();
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      return null;
    }
  }

  /** Interface names libpcap can capture on (as {@code tcpdump -D} lists them). */
  public static List<String> availableInterfaces() throws CaptureException {
    try {
      List<String> names = new ArrayList<>();
      for (PcapNetworkInterface d : Pcaps.findAllDevs()) {
        names.add(d.getName());
      }
      return names;
    } catch (PcapNativeException e) {
      throw new CaptureException("libpcap cannot list the interfaces: " + e.getMessage(), e);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      throw new CaptureException(LiveCaptureErrors.noLibpcap(e), e);
    }
  }

  private static List<String> availableOrNull() {
    try {
      return availableInterfaces();
    } catch (CaptureException e) {
      return null;
    }
  }

  /** "lo"/"loop": the interface libpcap flags as loopback; any other name as given. */
  private static String resolve(String name) throws CaptureException {
    if (!LOOPBACK_ALIASES.contains(name)) {
      return name;
    }
    try {
      for (PcapNetworkInterface d : Pcaps.findAllDevs()) {
        if (d.isLoopBack()) {
          return d.getName();
        }
      }
      return LINUX_LOOPBACK;
    } catch (PcapNativeException e) {
      return LINUX_LOOPBACK;
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      throw new CaptureException(LiveCaptureErrors.noLibpcap(e), e);
    }
  }

  private static String javaCommand() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    try {
      return java.toRealPath().toString();
    } catch (java.io.IOException e) {
      return Files.exists(java) ? java.toString() : "$(readlink -f $(which java))";
    }
  }

  @Override
  public void run(PacketSink sink) throws CaptureException {
    if (ports.size() == 1) {
      capture(ports.get(0), sink, false);
    } else {
      List<Thread> threads = new ArrayList<>();
      for (PcapPort port : ports) {
        Thread t = new Thread(() -> capture(port, sink, true), "rtfm4j-capture-" + port.name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        joinUninterruptibly(t);
      }
    }
    Throwable f = failure;
    if (f instanceof CaptureException) {
      throw (CaptureException) f;
    }
    if (f instanceof RuntimeException) {
      throw (RuntimeException) f;
    }
    if (f instanceof Error) {
      throw (Error) f;
    }
  }

  /** One interface's loop; any failure is kept for {@link #run} and stops the others. */
  private void capture(PcapPort port, PacketSink sink, boolean serialize) {
    if (stopRequested || failure != null) {
      return;
    }
    try {
      port.loop(raw -> {
        try {
          long timestamp = port.timestampNanos();
          int wire = port.wireLength();
          if (serialize) {
            synchronized (sinkLock) {
              sink.packet(port.number, port.linkType, timestamp, raw, 0, raw.length, wire);
            }
          } else {
            sink.packet(port.number, port.linkType, timestamp, raw, 0, raw.length, wire);
          }
          port.packets++;
        } catch (RuntimeException | Error e) {
          // pcap4j would log and swallow it: keep it, stop, and let run() rethrow it.
          fail(e);
        }
      });
    } catch (PcapNativeException | NotOpenException e) {
      if (!stopRequested) {
        fail(new CaptureException("capture on '" + port.name + "' failed: " + e.getMessage(), e));
      }
    }
  }

  private void fail(Throwable t) {
    synchronized (sinkLock) {
      if (failure == null) {
        failure = t;
      }
    }
    stop();
  }

  private static void joinUninterruptibly(Thread t) {
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void stop() {
    stopRequested = true;
    for (PcapPort p : ports) {
      p.breakLoop();
    }
  }

  @Override
  public List<CaptureInterface> interfaces() {
    return interfaces;
  }

  /** Packets lost on the interface: libpcap's ps_drop + ps_ifdrop, read now. */
  @Override
  public long lostPackets(int interfaceNumber) {
    PcapPort p = port(interfaceNumber);
    return p == null ? 0 : p.lost();
  }

  /** Packets delivered from the interface so far. */
  public long packetsRead(int interfaceNumber) {
    PcapPort p = port(interfaceNumber);
    return p == null ? 0 : p.packets;
  }

  /** pcap_stats calls that failed on the interface (its lost count then kept its old value). */
  public long statisticsFailures(int interfaceNumber) {
    PcapPort p = port(interfaceNumber);
    return p == null ? 0 : p.statisticsFailures();
  }

  private PcapPort port(int interfaceNumber) {
    return interfaceNumber >= 1 && interfaceNumber <= ports.size()
        ? ports.get(interfaceNumber - 1) : null;
  }

  /** Stops the loops and releases the handles (waiting for running loops to return). */
  @Override
  public void close() {
    stop();
    for (PcapPort p : ports) {
      p.close();
    }
  }
}
