package org.rtfm4j.hardening;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rtfm4j.testutil.Command;

/**
 * Wireshark's own fuzzer over the seeds: the datagrams go into a classic pcap as IPv4/UDP
 * packets (LINKTYPE_RAW), {@code editcap -E} changes random bytes past the IP and UDP headers
 * ({@code -o 28}) with a fixed {@code --seed}, and the UDP payloads come back out.
 */
final class EditcapMutants {
  /** LINKTYPE_RAW: packets begin with the IP header (pcap-linktype(7)). */
  private static final int LINKTYPE_RAW = 101;
  private static final int PCAP_MAGIC = 0xA1B2C3D4;
  private static final int SNAPLEN = 65_535;
  private static final int IPV4_HEADER = 20;
  private static final int UDP_HEADER = 8;
  private static final int HEADERS = IPV4_HEADER + UDP_HEADER;
  private static final int GLOBAL_HEADER = 24;
  private static final int RECORD_HEADER = 16;
  private static final int SNMP_PORT = 161;

  private EditcapMutants() {}

  /** {@code seeds} with bytes changed at {@code probability} each, by editcap. */
  static List<byte[]> mutate(List<byte[]> seeds, double probability, int seed, Path dir)
      throws IOException, InterruptedException {
    Path in = dir.resolve("seeds.pcap");
    Path out = dir.resolve("mutated-" + seed + ".pcap");
    Files.write(in, pcap(seeds));
    Command.Result r = Command.run(List.of("editcap", "-F", "pcap", "-E",
        Double.toString(probability), "-o", Integer.toString(HEADERS), "--seed",
        Integer.toString(seed), in.toString(), out.toString()));
    if (r.exitCode() != 0) {
      throw new IOException("editcap failed: " + r.out());
    }
    return payloads(Files.readAllBytes(out));
  }

  static byte[] pcap(List<byte[]> datagrams) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer h = ByteBuffer.allocate(GLOBAL_HEADER).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(PCAP_MAGIC).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
        .putInt(SNAPLEN).putInt(LINKTYPE_RAW);
    out.writeBytes(h.array());
    int i = 0;
    for (byte[] d : datagrams) {
      int len = HEADERS + d.length;
      ByteBuffer r = ByteBuffer.allocate(RECORD_HEADER + HEADERS).order(ByteOrder.LITTLE_ENDIAN);
      r.putInt(i++).putInt(0).putInt(len).putInt(len);
      r.order(ByteOrder.BIG_ENDIAN);
      // IPv4 (RFC 791): version 4, IHL 5, total length, TTL 64, protocol UDP, 127.0.0.1 twice.
      r.put((byte) 0x45).put((byte) 0).putShort((short) len).putInt(0)
          .put((byte) 64).put((byte) 17).putShort((short) 0)
          .put(new byte[] {127, 0, 0, 1}).put(new byte[] {127, 0, 0, 1});
      // UDP (RFC 768): any source port, SNMP destination, length, no checksum.
      r.putShort((short) 40000).putShort((short) SNMP_PORT)
          .putShort((short) (UDP_HEADER + d.length)).putShort((short) 0);
      out.writeBytes(r.array());
      out.writeBytes(d);
    }
    return out.toByteArray();
  }

  private static List<byte[]> payloads(byte[] pcap) {
    ByteBuffer b = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
    b.position(GLOBAL_HEADER);
    List<byte[]> l = new ArrayList<>();
    while (b.remaining() >= RECORD_HEADER) {
      b.getInt();
      b.getInt();
      int captured = b.getInt();
      b.getInt();
      int start = b.position();
      l.add(Arrays.copyOfRange(pcap, start + HEADERS, start + captured));
      b.position(start + captured);
    }
    return l;
  }
}
