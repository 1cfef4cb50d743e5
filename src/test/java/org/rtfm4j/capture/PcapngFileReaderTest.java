package org.rtfm4j.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtfm4j.capture.CaptureBuilder.payload;
import static org.rtfm4j.capture.PcapFileReaderTest.assertPacket;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pcapng files built byte by byte from draft-ietf-opsawg-pcapng, checked field by field. */
class PcapngFileReaderTest {
  private static final int ETHERNET = 1;
  private static final int RAW = 101;
  private static final int SLL = 113;
  private static final int SLL2 = 276;
  private static final int IF_NAME = 2;
  private static final int IF_TSRESOL = 9;
  private static final int IF_TSOFFSET = 14;
  /** if_tsresol: top bit set means 2^-n (pcapng §4.2). */
  private static final int POWER_OF_TWO = 0x80;

  @TempDir Path dir;

  /** Units of 2^-20 s: 5.5 s. */
  private static final long BINARY_UNITS = (5L << 20) + (1L << 19);

  /**
   * Two sections in opposite byte orders; four interfaces with different resolutions; EPB, the
   * obsolete PB and SPB; blocks to skip in between.
   */
  private Path twoSections() throws IOException {
    CaptureBuilder b = CaptureBuilder.pcapng().section(ByteOrder.LITTLE_ENDIAN);
    b.interfaceBlock(ETHERNET, 64, new byte[0]);
    b.interfaceBlock(RAW, 0, b.options().add(IF_NAME, "eth1").add(IF_TSRESOL, new byte[] {9})
        .end());
    b.enhanced(1, 1_690_622_872_644_843_677L, payload(40, 1), 40);
    // Well-formed bodies, so that Wireshark reads the file too: an empty name resolution block,
    // statistics for interface 1, a custom block with the documentation PEN (RFC 5612).
    b.block(CaptureBuilder.NRB, new byte[4]);
    b.block(CaptureBuilder.ISB, CaptureBuilder.concat(b.bytes(1), b.bytes(0), b.bytes(5),
        new byte[4]));
    b.block(CaptureBuilder.CUSTOM, CaptureBuilder.concat(b.bytes(32473), payload(17, 5)));
    b.block(0x1234_5678, new byte[0]);
    b.enhanced(0, 1_600_000_000_000_001L, payload(60, 2), 1514);
    b.obsolete(0, 1_600_000_000_500_000L, payload(30, 3), 30);
    b.simple(100, payload(64, 4));
    b.simple(20, payload(20, 5));
    b.section(ByteOrder.BIG_ENDIAN);
    b.interfaceBlock(SLL, 65535, b.options().add(IF_TSRESOL, new byte[] {(byte) (POWER_OF_TWO
        | 20)}).add(IF_TSOFFSET, 100L).add(IF_NAME, "sll0").end());
    b.interfaceBlock(SLL2, 262144, b.options().add(IF_TSRESOL, new byte[] {3}).unterminated());
    b.enhanced(1, 1_700_000_000_123L, payload(70, 6), 70);
    b.enhanced(0, BINARY_UNITS, payload(45, 7), 45);
    b.simple(50, payload(50, 8));
    return b.write(dir, "two-sections.pcapng");
  }

  @Test
  void twoSectionsEveryField() throws Exception {
    Path file = twoSections();
    RecordingSink sink = new RecordingSink();
    try (CaptureFile capture = CaptureFiles.open(file)) {
      assertEquals("pcapng", capture.format());
      capture.run(sink);
      assertEquals(List.of(
          new CaptureInterface(1, file + "#1", ETHERNET),
          new CaptureInterface(2, "eth1", RAW),
          new CaptureInterface(3, "sll0", SLL),
          new CaptureInterface(4, file + "#4", SLL2)), capture.interfaces());
      assertEquals(8, capture.packetsRead());
      assertEquals(2, ((PcapngFileReader) capture).sections());
      assertEquals(4, capture.packetsRead(1));
      assertEquals(1, capture.packetsRead(2));
      assertEquals(2, capture.packetsRead(3));
      assertEquals(1, capture.packetsRead(4));
      assertEquals(0, capture.packetsRead(5));
    }
    assertEquals(8, sink.size());
    assertPacket(sink.get(0), 2, RAW, 1_690_622_872_644_843_677L, payload(40, 1), 40);
    assertPacket(sink.get(1), 1, ETHERNET, 1_600_000_000_000_001_000L, payload(60, 2), 1514);
    assertPacket(sink.get(2), 1, ETHERNET, 1_600_000_000_500_000_000L, payload(30, 3), 30);
    // SPB: interface 0 of its section, the last timestamp seen, captured length limited by the
    // interface's snaplen (64) and wire length taken from the block.
    assertPacket(sink.get(3), 1, ETHERNET, 1_600_000_000_500_000_000L, payload(64, 4), 100);
    assertPacket(sink.get(4), 1, ETHERNET, 1_600_000_000_500_000_000L, payload(20, 5), 20);
    assertPacket(sink.get(5), 4, SLL2, 1_700_000_000_123_000_000L, payload(70, 6), 70);
    // 2^-20 s units: 5.5 s, plus if_tsoffset 100 s.
    assertPacket(sink.get(6), 3, SLL, 105_500_000_000L, payload(45, 7), 45);
    assertPacket(sink.get(7), 3, SLL, 105_500_000_000L, payload(50, 8), 50);
  }

  @Test
  void twoSectionsAsWiresharkReadsThem() throws Exception {
    Assumptions.assumeTrue(ExternalTools.available("tshark"), "tshark not installed");
    Path file = twoSections();
    RecordingSink sink = new RecordingSink();
    try (CaptureFile capture = CaptureFiles.open(file)) {
      capture.run(sink);
    }
    // Wireshark lists custom blocks as frames too; only packets have an interface.
    ExternalTools.Result r = ExternalTools.run("tshark", "-n", "-r", file.toString(), "-Y",
        "frame.interface_id", "-T",
        "fields", "-e", "frame.interface_id", "-e", "frame.time_epoch", "-e", "frame.len",
        "-e", "frame.cap_len");
    List<String> lines = r.lines();
    assertEquals(sink.size(), lines.size(), r.out() + r.err());
    for (int i = 0; i < lines.size(); i++) {
      String[] f = lines.get(i).split("\t", -1);
      RecordingSink.Packet p = sink.get(i);
      // Wireshark 4.0's frame.interface_id counts within the section; the second section
      // starts after the first one's two interfaces.
      int before = i >= 5 ? 2 : 0;
      assertEquals(Integer.parseInt(f[0]) + 1 + before, p.interfaceNumber(), "interface of " + i);
      assertEquals(Integer.parseInt(f[2]), p.wireLength(), "wire length of " + i);
      assertEquals(Integer.parseInt(f[3]), p.capturedLength(), "captured length of " + i);
      boolean simple = i == 3 || i == 4 || i == 7;
      if (!simple) {
        // Wireshark gives Simple Packet Blocks no time at all; we give them the last one.
        assertEquals(epochNanos(f[1]), p.timestampNanos(), "timestamp of " + i);
      }
    }
  }

  /** tshark's frame.time_epoch ("seconds.fraction") as exact nanoseconds. */
  static long epochNanos(String epoch) {
    return new BigDecimal(epoch).movePointRight(9).longValueExact();
  }

  @Test
  void smallWindowsGiveTheSamePackets() throws Exception {
    Path file = twoSections();
    RecordingSink whole = new RecordingSink();
    try (CaptureFile capture = CaptureFiles.open(file)) {
      capture.run(whole);
    }
    for (int window : new int[] {1, 5, 12, 40, 333}) {
      RecordingSink sink = new RecordingSink();
      try (CaptureFile capture = CaptureFiles.open(file, window)) {
        capture.run(sink);
      }
      assertEquals(whole.size(), sink.size());
      for (int i = 0; i < whole.size(); i++) {
        RecordingSink.Packet w = whole.get(i);
        assertPacket(sink.get(i), w.interfaceNumber(), w.linkType(), w.timestampNanos(),
            w.data(), w.wireLength());
      }
    }
  }

  @Test
  void blockBeyondTwoGibibytes() throws Exception {
    // A sparse file: a 2.5 GiB custom block, then a packet at an offset no int can hold. Only
    // the pages written are ever touched, so this costs no real I/O.
    CaptureBuilder head = CaptureBuilder.pcapng().section(ByteOrder.LITTLE_ENDIAN);
    head.interfaceBlock(ETHERNET, 0, new byte[0]);
    head.enhanced(0, 1, payload(10, 1), 10);
    long hugeLength = (5L << 29) - 8;
    long hugeAt = head.size();
    CaptureBuilder tail = CaptureBuilder.pcapng();
    tail.enhanced(0, 2, payload(20, 2), 20);
    Path file = dir.resolve("sparse.pcapng");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.write(head.bytes());
      f.write(tail.bytes(CaptureBuilder.CUSTOM));
      f.write(tail.bytes((int) hugeLength));
      f.seek(hugeAt + hugeLength - 4);
      f.write(tail.bytes((int) hugeLength));
      f.write(tail.bytes());
    }
    RecordingSink sink = new RecordingSink();
    try (CaptureFile capture = CaptureFiles.open(file)) {
      capture.run(sink);
    }
    assertEquals(2, sink.size());
    assertPacket(sink.get(1), 1, ETHERNET, 2_000L, payload(20, 2), 20);
  }

  @Test
  void sectionWithoutPackets() throws Exception {
    Path file = CaptureBuilder.pcapng().section(ByteOrder.BIG_ENDIAN).write(dir, "shb.pcapng");
    try (CaptureFile capture = CaptureFiles.open(file)) {
      RecordingSink sink = new RecordingSink();
      capture.run(sink);
      assertEquals(0, sink.size());
      assertEquals(List.of(), capture.interfaces());
    }
  }

  @Test
  void timestampAfter2106() throws Exception {
    // tcpdump's time_2106_overflow.pcapng: 2^32 s in microseconds must not wrap.
    CaptureBuilder b = CaptureBuilder.pcapng().section(ByteOrder.LITTLE_ENDIAN);
    b.interfaceBlock(ETHERNET, 0, new byte[0]);
    b.enhanced(0, (1L << 32) * 1_000_000L, payload(14, 0), 14);
    // Past 2262 a signed 64-bit nanosecond count cannot hold the time: it saturates.
    b.enhanced(0, -1L, payload(14, 0), 14);
    RecordingSink sink = new RecordingSink();
    try (CaptureFile capture = CaptureFiles.open(b.write(dir, "2106.pcapng"))) {
      capture.run(sink);
    }
    assertEquals(4_294_967_296_000_000_000L, sink.get(0).timestampNanos());
    assertEquals(Long.MAX_VALUE, sink.get(1).timestampNanos());
  }

  /** Runs a damaged file: returns the packets before the damage and the message. */
  private Damage damage(CaptureBuilder b, String name) throws IOException {
    Path file = b.write(dir, name);
    RecordingSink sink = new RecordingSink();
    CaptureException e = assertThrows(CaptureException.class, () -> {
      try (CaptureFile capture = CaptureFiles.open(file)) {
        capture.run(sink);
      }
    });
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    return new Damage(sink.size(), e.getMessage().substring(file.toString().length() + 2));
  }

  private record Damage(int packets, String message) {}

  private static CaptureBuilder oneInterface(ByteOrder order) {
    CaptureBuilder b = CaptureBuilder.pcapng().section(order);
    b.interfaceBlock(ETHERNET, 0, new byte[0]);
    b.enhanced(0, 1, payload(10, 0), 10);
    return b;
  }

  @Test
  void interfaceOutOfRange() throws Exception {
    CaptureBuilder b = oneInterface(ByteOrder.LITTLE_ENDIAN);
    int at = b.size();
    b.enhanced(1, 2, payload(10, 0), 10);
    assertEquals(new Damage(1, "record 2 (enhanced packet block) at byte " + at
        + " refers to interface 1, but its section has 1 interface(s)"), damage(b, "if.pcapng"));
  }

  @Test
  void interfacesDoNotCarryIntoTheNextSection() throws Exception {
    CaptureBuilder b = oneInterface(ByteOrder.LITTLE_ENDIAN).section(ByteOrder.BIG_ENDIAN);
    int at = b.size();
    b.obsolete(0, 2, payload(10, 0), 10);
    assertEquals(new Damage(1, "record 2 (packet block) at byte " + at
        + " refers to interface 0, but its section has 0 interface(s)"), damage(b, "s.pcapng"));
  }

  @Test
  void simplePacketBeforeAnyInterface() throws Exception {
    CaptureBuilder b = CaptureBuilder.pcapng().section(ByteOrder.LITTLE_ENDIAN);
    int at = b.size();
    b.simple(10, payload(10, 0));
    assertEquals(new Damage(0, "record 1 (simple packet block) at byte " + at
        + " comes before any interface description block in its section"),
        damage(b, "spb.pcapng"));
  }

  @Test
  void blockLengthNotAMultipleOfFour() throws Exception {
    CaptureBuilder b = oneInterface(ByteOrder.BIG_ENDIAN);
    int at = b.size();
    b.u32(CaptureBuilder.EPB).u32(34).raw(new byte[40]);
    assertEquals(new Damage(1, "record 2 (enhanced packet block) at byte " + at
        + " has an impossible block length 34 (a multiple of 4, at least 32, is needed)"),
        damage(b, "odd.pcapng"));
  }

  @Test
  void blockLengthTooSmall() throws Exception {
    CaptureBuilder b = oneInterface(ByteOrder.LITTLE_ENDIAN);
    int at = b.size();
    b.u32(CaptureBuilder.NRB).u32(8).raw(new byte[8]);
    assertEquals(new Damage(1, "block of type 0x00000004 at byte " + at + " (after record 1)"
        + " has an impossible block length 8 (a multiple of 4, at least 12, is needed)"),
        damage(b, "small.pcapng"));
  }

  @Test
  void blockLengthsDisagree() throws Exception {
    CaptureBuilder b = oneInterface(ByteOrder.LITTLE_ENDIAN);
    int at = b.size();
    b.u32(CaptureBuilder.EPB).u32(48).u32(0).u32(0).u32(0).u32(16).u32(16).raw(new byte[16])
        .u32(44);
    assertEquals(new Damage(1, "record 2 (enhanced packet block) at byte " + at
        + " has block lengths that disagree: 48 at the start, 44 at the end"),
        damage(b, "trailer.pcapng"));
  }

  @Test
  void blockCutShort() throws Exception {
    CaptureBuilder b = oneInterface(ByteOrder.LITTLE_ENDIAN);
    int at = b.size();
    b.u32(CaptureBuilder.EPB).u32(1000).raw(new byte[100]);
    assertEquals(new Damage(1, "record 2 (enhanced packet block) at byte " + at
        + " is cut short: needs 1000 bytes, 108 left"), damage(b, "cut.pcapng"));
  }

  @Test
  void blockHeaderCutShort() throws Exception {
    CaptureBuilder b = oneInterface(ByteOrder.LITTLE_ENDIAN);
    int at = b.size();
    b.u32(CaptureBuilder.EPB).u16(0);
    assertEquals(new Damage(1, "record 2 (enhanced packet block) at byte " + at
        + " is cut short: needs 12 bytes, 6 left"), damage(b, "hdr.pcapng"));
  }

  @Test
  void capturedLengthDoesNotFitItsBlock() throws Exception {
    CaptureBuilder b = oneInterface(ByteOrder.LITTLE_ENDIAN);
    int at = b.size();
    // A 48-byte EPB has room for 16 captured bytes; it claims 17.
    b.u32(CaptureBuilder.EPB).u32(48).u32(0).u32(0).u32(0).u32(17).u32(17).raw(new byte[16])
        .u32(48);
    assertEquals(new Damage(1, "record 2 (enhanced packet block) at byte " + at
        + " has captured length 17, which does not fit in its block of 48 bytes"),
        damage(b, "fit.pcapng"));
  }

  @Test
  void capturedLengthOverTheMaximum() throws Exception {
    CaptureBuilder b = oneInterface(ByteOrder.BIG_ENDIAN);
    int at = b.size();
    b.u32(CaptureBuilder.EPB).u32(32).u32(0).u32(0).u32(0).u32(0x7000_0000).u32(0).u32(32);
    assertEquals(new Damage(1, "record 2 (enhanced packet block) at byte " + at
        + " has captured length 1879048192, over the maximum of 262144"),
        damage(b, "max.pcapng"));
  }

  @Test
  void interfaceOptionRunsPastTheBlock() throws Exception {
    CaptureBuilder b = oneInterface(ByteOrder.LITTLE_ENDIAN);
    int at = b.size();
    b.interfaceBlock(ETHERNET, 0, CaptureBuilder.concat(b.u16bytes(IF_NAME), b.u16bytes(40),
        new byte[8]));
    assertEquals(new Damage(1, "interface description block at byte " + at + " (after record 1)"
        + " has an option (code 2, 40 bytes) that runs past the end of the block"),
        damage(b, "opt.pcapng"));
  }

  @Test
  void badByteOrderMagic() throws Exception {
    CaptureBuilder b = oneInterface(ByteOrder.LITTLE_ENDIAN);
    int at = b.size();
    b.u32(CaptureBuilder.SHB).u32(28).u32(0x11223344).raw(new byte[12]).u32(28);
    assertEquals(new Damage(1, "section header block at byte " + at + " (after record 1)"
        + " has a bad byte-order magic 0x44332211"), damage(b, "bom.pcapng"));
  }

  @Test
  void unsupportedSectionVersion() throws Exception {
    CaptureBuilder b = oneInterface(ByteOrder.LITTLE_ENDIAN);
    int at = b.size();
    b.section(ByteOrder.LITTLE_ENDIAN, 2, 0);
    assertEquals(new Damage(1, "section header block at byte " + at + " (after record 1)"
        + " has unsupported pcapng version 2.0"), damage(b, "ver.pcapng"));
  }

  @Test
  void firstSectionHeaderDamagedFailsOpen() throws Exception {
    Path file = CaptureBuilder.pcapng().u32(CaptureBuilder.SHB).u32(28).u32(0x1a2b3c4d)
        .write(dir, "cut-shb.pcapng");
    CaptureException e = assertThrows(CaptureException.class, () -> CaptureFiles.open(file));
    assertEquals(file + ": section header block at byte 0 (after record 0) is cut short:"
        + " needs 28 bytes, 12 left", e.getMessage());
  }

  @Test
  void packetsReadPerInterfaceMatchesDelivery() throws Exception {
    Path file = twoSections();
    List<Integer> seen = new ArrayList<>();
    try (CaptureFile capture = CaptureFiles.open(file)) {
      capture.run((i, l, t, d, o, c, w) -> seen.add(i));
      for (int n = 1; n <= 4; n++) {
        final int number = n;
        assertEquals(seen.stream().filter(x -> x == number).count(), capture.packetsRead(n));
      }
    }
  }

  @Test
  void dataArrivesAtOffsetZeroInOneReusedBuffer() throws Exception {
    Path file = twoSections();
    List<byte[]> buffers = new ArrayList<>();
    try (CaptureFile capture = CaptureFiles.open(file)) {
      capture.run((i, l, t, d, o, c, w) -> {
        assertEquals(0, o);
        if (buffers.isEmpty() || buffers.get(buffers.size() - 1) != d) {
          buffers.add(d);
        }
      });
    }
    assertEquals(1, buffers.size());
    assertArrayEquals(payload(50, 8), java.util.Arrays.copyOf(buffers.get(0), 50));
  }
}
