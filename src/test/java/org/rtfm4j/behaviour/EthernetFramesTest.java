package org.rtfm4j.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtfm4j.testutil.Frames;

/**
 * The crafted frames say what their {@link Pkt} says, as Wireshark reads them: addresses,
 * protocol, ports, IP length, fragment offset, and a good IPv4 header checksum. Skipped when
 * tshark is not installed.
 */
class EthernetFramesTest {
  private static final Path TSHARK = Path.of("/usr/bin/tshark");
  private static final long TIMEOUT_SECONDS = 60;

  @Test
  void tsharkReadsTheFieldsEachPacketWasBuiltWith(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(TSHARK), "tshark is not installed");
    List<Pkt> packets = List.of(Pkt.tcp("192.0.2.10", 40000, "198.51.100.20", 80),
        Pkt.udp("2001:db8:1::10", 53, "2001:db8:2::20", 33000),
        Pkt.sctp("192.0.2.1", 5000, "192.0.2.2", 6000),
        Pkt.icmp("192.0.2.1", "192.0.2.2"), Pkt.icmp("2001:db8::1", "2001:db8::2"),
        Pkt.portless(Pkt.GRE, "192.0.2.1", "192.0.2.2"),
        Pkt.laterFragment(Pkt.UDP, "192.0.2.1", "192.0.2.2"), Pkt.arp());
    List<Frames.Timed> frames = new ArrayList<>();
    for (int i = 0; i < packets.size(); i++) {
      frames.add(new Frames.Timed(i, EthernetFrames.of(packets.get(i))));
    }
    Path pcap = dir.resolve("crafted.pcap");
    Frames.writePcap(pcap, frames);

    List<String> lines = tshark(pcap, "ip.src", "ipv6.src", "ip.dst", "ipv6.dst", "ip.proto",
        "ipv6.nxt", "tcp.srcport", "udp.srcport", "sctp.srcport", "tcp.dstport", "udp.dstport",
        "sctp.dstport", "ip.len", "ipv6.plen", "ip.frag_offset", "ip.checksum.status",
        "arp.opcode");
    List<String> expected = new ArrayList<>();
    for (Pkt p : packets) {
      expected.add(expectedLine(p));
    }
    assertEquals(expected, lines);
  }

  /** The tshark fields line for {@code p}: one column per family, empty where absent. */
  private static String expectedLine(Pkt p) {
    if (!p.isIp()) {
      return String.join("\t", List.of("", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
          "", "1"));
    }
    boolean v6 = p.isIpv6();
    String src = text(p.src);
    String dst = text(p.dst);
    String ports = p.hasTransportHeader() ? "" + p.sport : "";
    String dports = p.hasTransportHeader() ? "" + p.dport : "";
    List<String> f = new ArrayList<>();
    f.add(v6 ? "" : src);
    f.add(v6 ? src : "");
    f.add(v6 ? "" : dst);
    f.add(v6 ? dst : "");
    f.add(v6 ? "" : "" + p.protocol);
    f.add(v6 ? "" + p.protocol : "");
    f.add(p.protocol == Pkt.TCP ? ports : "");
    f.add(p.protocol == Pkt.UDP ? ports : "");
    f.add(p.protocol == Pkt.SCTP ? ports : "");
    f.add(p.protocol == Pkt.TCP ? dports : "");
    f.add(p.protocol == Pkt.UDP ? dports : "");
    f.add(p.protocol == Pkt.SCTP ? dports : "");
    f.add(v6 ? "" : "" + p.ipLength());
    f.add(v6 ? "" + (p.ipLength() - Pkt.IPV6_HEADER) : "");
    f.add(v6 ? "" : p.laterFragment ? "185" : "0"); // in 8-octet units (RFC 791)
    f.add(v6 ? "" : "1"); // checksum status 1: good (validated with ip.check_checksum)
    f.add("");
    return String.join("\t", f);
  }

  private static String text(byte[] address) {
    try {
      return InetAddress.getByAddress(address).getHostAddress()
          .replaceAll("(^|:)0(:0)+(:|$)", "::");
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> tshark(Path pcap, String... fields) throws IOException,
      InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(TSHARK.toString(), "-n", "-r", pcap.toString(),
        "-o", "ip.defragment:FALSE", "-o", "ip.check_checksum:TRUE", "-T", "fields"));
    for (String f : fields) {
      cmd.add("-e");
      cmd.add(f);
    }
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("tshark did not finish");
    }
    assertEquals(0, p.exitValue(), "tshark exit status");
    List<String> lines = new ArrayList<>();
    for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isEmpty()) {
        lines.add(line);
      }
    }
    return lines;
  }
}
