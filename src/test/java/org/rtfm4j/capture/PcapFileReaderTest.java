package org.rtfm4j.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Classic pcap files built byte by byte from draft-ietf-opsawg-pcap, checked field by field. */
class PcapFileReaderTest {
  private static final int ETHERNET = 1;
  private static final int SLL = 113;

  @TempDir Path dir;

  private static RecordingSink readAll(Path file) throws CaptureException {
    RecordingSink sink = new RecordingSink();
    try (CaptureFile capture = CaptureFiles.open(file)) {
      capture.run(sink);
    }
    return sink;
  }

  @ParameterizedTest(name = "{0} nanos={1}")
  @CsvSource({"LITTLE_ENDIAN,false", "BIG_ENDIAN,false", "LITTLE_ENDIAN,true",
      "BIG_ENDIAN,true"})
  void everyByteOrderAndPrecision(String orderName, boolean nanos) throws Exception {
    ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN
        : ByteOrder.LITTLE_ENDIAN;
    byte[] a = CaptureBuilder.payload(60, 1);
    byte[] b = CaptureBuilder.payload(1514, 7);
    byte[] c = CaptureBuilder.payload(1, 200);
    Path file = CaptureBuilder.pcap(order, nanos, 65535, ETHERNET)
        .record(1_600_000_000L, 123_456, a, 60)
        .record(1_600_000_001L, 999_999, b, 1514)
        .record(0xffff_ffffL, 7, c, 1)
        .write(dir, "f.pcap");

    RecordingSink sink = new RecordingSink();
    try (CaptureFile capture = CaptureFiles.open(file)) {
      assertEquals("pcap", capture.format());
      assertEquals(List.of(new CaptureInterface(1, file.toString(), ETHERNET)),
          capture.interfaces());
      capture.run(sink);
      assertEquals(3, capture.packetsRead());
      assertEquals(3, capture.packetsRead(1));
      assertEquals(0, capture.packetsRead(2));
      assertEquals(0, capture.lostPackets(1));
    }
    long unit = nanos ? 1 : 1000;
    assertEquals(3, sink.size());
    assertPacket(sink.get(0), 1, ETHERNET, 1_600_000_000_000_000_000L + 123_456 * unit, a, 60);
    assertPacket(sink.get(1), 1, ETHERNET, 1_600_000_001_000_000_000L + 999_999 * unit, b, 1514);
    // Seconds are unsigned 32-bit: the last second before 2106.
    assertPacket(sink.get(2), 1, ETHERNET, 4_294_967_295_000_000_000L + 7 * unit, c, 1);
  }

  static void assertPacket(RecordingSink.Packet p, int iface, int linkType, long nanos,
      byte[] data, int wire) {
    assertEquals(iface, p.interfaceNumber(), "interface");
    assertEquals(linkType, p.linkType(), "link type");
    assertEquals(nanos, p.timestampNanos(), "timestamp");
    assertArrayEquals(data, p.data(), "data");
    assertEquals(wire, p.wireLength(), "wire length");
  }

  @Test
  void linkTypeIsTheLow16BitsOfItsField() throws Exception {
    // pcap §4: FCS length and the P bit live in the upper bits (tcpdump's corpus has 0x30000001).
    Path file = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 65535, 0x3000_0000 | SLL)
        .record(1, 0, CaptureBuilder.payload(20, 0), 20).write(dir, "fcs.pcap");
    RecordingSink sink = readAll(file);
    assertEquals(SLL, sink.get(0).linkType());
    try (CaptureFile capture = CaptureFiles.open(file)) {
      assertEquals(SLL, capture.interfaces().get(0).linkType());
    }
  }

  @Test
  void snaplenTruncatedPacketKeepsItsWireLength() throws Exception {
    byte[] head = CaptureBuilder.payload(64, 3);
    Path file = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 64, ETHERNET)
        .record(5, 6, head, 1514).write(dir, "snap.pcap");
    RecordingSink sink = readAll(file);
    assertPacket(sink.get(0), 1, ETHERNET, 5_000_006_000L, head, 1514);
  }

  @Test
  void capturedLongerThanSnaplenIsDeliveredWhole() throws Exception {
    // Wireshark reads all the captured bytes; libpcap truncates to the snaplen. Both count it.
    byte[] data = CaptureBuilder.payload(100, 9);
    Path file = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 40, ETHERNET)
        .record(5, 6, data, 100).write(dir, "oversnap.pcap");
    assertArrayEquals(data, readAll(file).get(0).data());
  }

  @Test
  void largestCapturedLengthIsAccepted() throws Exception {
    byte[] data = CaptureBuilder.payload(FileReaderBase.MAX_CAPTURED_LENGTH, 4);
    Path file = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 262144, ETHERNET)
        .record(1, 0, CaptureBuilder.payload(10, 1), 10)
        .record(2, 0, data, data.length)
        .record(3, 0, CaptureBuilder.payload(10, 2), 10).write(dir, "max.pcap");
    RecordingSink sink = readAll(file);
    assertEquals(3, sink.size());
    assertArrayEquals(data, sink.get(1).data());
  }

  @Test
  void wireLengthBeyondIntIsClamped() throws Exception {
    Path file = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 65535, ETHERNET)
        .record(1, 0, CaptureBuilder.payload(4, 1), 0xffff_fff0).write(dir, "wire.pcap");
    assertEquals(Integer.MAX_VALUE, readAll(file).get(0).wireLength());
  }

  @Test
  void versionsBefore23HaveTheLengthsSwapped() throws Exception {
    // libpcap (sf-pcap.c) and Wireshark: before 2.3 the wire length came first; in 2.3 files
    // a captured length above the wire length means the two were swapped.
    byte[] data = CaptureBuilder.payload(30, 1);
    Path old = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 2, 2, 65535, ETHERNET)
        .u32(1).u32(0).u32(90).u32(30).raw(data).write(dir, "v22.pcap");
    assertPacket(readAll(old).get(0), 1, ETHERNET, 1_000_000_000L, data, 90);
    Path maybe = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 2, 3, 65535, ETHERNET)
        .u32(1).u32(0).u32(30).u32(30).raw(data)
        .u32(2).u32(0).u32(90).u32(30).raw(data).write(dir, "v23.pcap");
    RecordingSink sink = readAll(maybe);
    assertEquals(30, sink.get(0).wireLength());
    assertEquals(90, sink.get(1).wireLength());
    assertArrayEquals(data, sink.get(1).data());
  }

  @Test
  void emptyFileHasNoPackets() throws Exception {
    Path file = Files.write(dir.resolve("empty.pcap"), new byte[0]);
    try (CaptureFile capture = CaptureFiles.open(file)) {
      RecordingSink sink = new RecordingSink();
      capture.run(sink);
      assertEquals(0, sink.size());
      assertEquals("empty", capture.format());
      assertEquals(List.of(), capture.interfaces());
    }
  }

  @Test
  void bareHeaderHasNoPackets() throws Exception {
    Path file = CaptureBuilder.pcap(ByteOrder.BIG_ENDIAN, true, 65535, 101).write(dir, "h.pcap");
    try (CaptureFile capture = CaptureFiles.open(file)) {
      RecordingSink sink = new RecordingSink();
      capture.run(sink);
      assertEquals(0, sink.size());
      assertEquals(101, capture.interfaces().get(0).linkType());
    }
  }

  @Test
  void fileHeaderCutShort() throws Exception {
    byte[] header = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 65535, 1).bytes();
    Path file = Files.write(dir.resolve("short.pcap"), java.util.Arrays.copyOf(header, 10));
    CaptureException e = assertThrows(CaptureException.class, () -> CaptureFiles.open(file));
    assertEquals(file + ": file header is cut short: needs 24 bytes, 10 left", e.getMessage());
  }

  @Test
  void notACaptureFile() throws Exception {
    Path file = Files.write(dir.resolve("text.pcap"),
        "HELLO, WORLD\n".getBytes(StandardCharsets.US_ASCII));
    CaptureException e = assertThrows(CaptureException.class, () -> CaptureFiles.open(file));
    assertEquals(file + ": not a pcap or pcapng file (magic 0x48454c4c)", e.getMessage());
    Path tiny = Files.write(dir.resolve("tiny.pcap"), new byte[] {(byte) 0xd4, (byte) 0xc3});
    assertThrows(CaptureException.class, () -> CaptureFiles.open(tiny));
  }

  @Test
  void missingFileAndDirectory() {
    Path missing = dir.resolve("nope.pcap");
    CaptureException e = assertThrows(CaptureException.class, () -> CaptureFiles.open(missing));
    assertEquals(missing + ": no such file", e.getMessage());
    CaptureException d = assertThrows(CaptureException.class, () -> CaptureFiles.open(dir));
    assertEquals(dir + ": is a directory, not a capture file", d.getMessage());
  }

  @Test
  void unsupportedVersion() throws Exception {
    Path file = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 3, 0, 65535, 1)
        .write(dir, "v3.pcap");
    CaptureException e = assertThrows(CaptureException.class, () -> CaptureFiles.open(file));
    assertEquals(file + ": unsupported pcap version 3.0", e.getMessage());
  }

  @Test
  void recordCutShortDeliversEverythingBefore() throws Exception {
    CaptureBuilder b = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 65535, ETHERNET);
    for (int i = 0; i < 3; i++) {
      b.record(i, 0, CaptureBuilder.payload(100, i), 100);
    }
    int fourth = b.size();
    b.recordHeader(9, 0, 1514, 1514).raw(CaptureBuilder.payload(200, 0));
    Path file = b.write(dir, "capture.pcap");
    RecordingSink sink = new RecordingSink();
    try (CaptureFile capture = CaptureFiles.open(file)) {
      CaptureException e = assertThrows(CaptureException.class, () -> capture.run(sink));
      assertEquals(file + ": record 4 at byte " + fourth
          + " is cut short: needs 1530 bytes, 216 left", e.getMessage());
      assertEquals(3, sink.size());
      assertEquals(3, capture.packetsRead());
      // The damage stays: running again delivers nothing more and says the same.
      CaptureException again = assertThrows(CaptureException.class, () -> capture.run(sink));
      assertEquals(e.getMessage(), again.getMessage());
      assertEquals(3, sink.size());
    }
  }

  @Test
  void recordHeaderCutShort() throws Exception {
    CaptureBuilder b = CaptureBuilder.pcap(ByteOrder.BIG_ENDIAN, false, 65535, ETHERNET)
        .record(1, 0, CaptureBuilder.payload(10, 0), 10);
    int second = b.size();
    Path file = b.raw(new byte[5]).write(dir, "hdr.pcap");
    RecordingSink sink = new RecordingSink();
    CaptureException e = assertThrows(CaptureException.class, () -> {
      try (CaptureFile capture = CaptureFiles.open(file)) {
        capture.run(sink);
      }
    });
    assertEquals(file + ": record 2 at byte " + second
        + " is cut short: its header needs 16 bytes, 5 left", e.getMessage());
    assertEquals(1, sink.size());
  }

  @Test
  void capturedLengthOverTheMaximum() throws Exception {
    CaptureBuilder b = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 65535, ETHERNET)
        .record(1, 0, CaptureBuilder.payload(10, 0), 10);
    int second = b.size();
    Path file = b.recordHeader(2, 0, 262_145, 262_145).raw(new byte[300_000])
        .write(dir, "big.pcap");
    RecordingSink sink = new RecordingSink();
    CaptureException e = assertThrows(CaptureException.class, () -> {
      try (CaptureFile capture = CaptureFiles.open(file)) {
        capture.run(sink);
      }
    });
    assertEquals(file + ": record 2 at byte " + second
        + " has captured length 262145, over the maximum of 262144", e.getMessage());
    assertEquals(1, sink.size());
  }

  @Test
  void stopFromTheSinkAndResume() throws Exception {
    CaptureBuilder b = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 65535, ETHERNET);
    for (int i = 0; i < 5; i++) {
      b.record(i, 0, CaptureBuilder.payload(10, i), 10);
    }
    Path file = b.write(dir, "stop.pcap");
    try (CaptureFile capture = CaptureFiles.open(file)) {
      RecordingSink sink = new RecordingSink();
      capture.run((i, l, t, d, o, c, w) -> {
        sink.packet(i, l, t, d, o, c, w);
        if (sink.size() == 2) {
          capture.stop();
        }
      });
      assertEquals(2, sink.size());
      capture.run(sink);
      assertEquals(5, sink.size());
      for (int i = 0; i < 5; i++) {
        assertEquals(i * 1_000_000_000L, sink.get(i).timestampNanos());
      }
    }
  }

  @Test
  void smallWindowsGiveTheSamePackets() throws Exception {
    // Records straddle every window boundary: the reader must re-map, not misread.
    CaptureBuilder b = CaptureBuilder.pcap(ByteOrder.BIG_ENDIAN, true, 65535, ETHERNET);
    for (int i = 0; i < 50; i++) {
      b.record(i, i * 7, CaptureBuilder.payload(i * 13 % 200, i), 300);
    }
    Path file = b.write(dir, "windows.pcap");
    RecordingSink whole = readAll(file);
    for (int window : new int[] {1, 7, 16, 64, 100, 1000}) {
      RecordingSink sink = new RecordingSink();
      try (CaptureFile capture = CaptureFiles.open(file, window)) {
        capture.run(sink);
      }
      assertEquals(whole.size(), sink.size(), "window " + window);
      for (int i = 0; i < whole.size(); i++) {
        assertPacket(sink.get(i), 1, ETHERNET, whole.get(i).timestampNanos(),
            whole.get(i).data(), 300);
      }
    }
  }

  @Test
  void fileShrinkingUnderTheReaderIsReported() throws Exception {
    CaptureBuilder b = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 65535, ETHERNET);
    for (int i = 0; i < 100; i++) {
      b.record(i, 0, CaptureBuilder.payload(1000, i), 1000);
    }
    Path file = b.write(dir, "shrinks.pcap");
    try (CaptureFile capture = CaptureFiles.open(file)) {
      capture.run((i, l, t, d, o, c, w) -> capture.stop());
      try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
        f.setLength(30_000);
      }
      // The mapping now reaches past the end of the file: the access faults.
      CaptureException e = assertThrows(CaptureException.class,
          () -> capture.run((i, l, t, d, o, c, w) -> { }));
      assertTrue(e.getMessage().startsWith(file + ": the file changed while being read"),
          e.getMessage());
    }
  }

  @Test
  void closeTwiceIsHarmless() throws IOException, CaptureException {
    Path file = CaptureBuilder.pcap(ByteOrder.BIG_ENDIAN, true, 65535, 1).write(dir, "c.pcap");
    CaptureFile capture = CaptureFiles.open(file);
    capture.close();
    capture.close();
  }
}
