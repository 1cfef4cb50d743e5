package org.rtfm4j.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The pcap and pcapng readers on arbitrary bytes (Jazzer). Whatever the file holds, reading it
 * either delivers packets and ends, or delivers the packets before the damage and throws a
 * {@link CaptureException}; nothing else escapes, every packet handed to the sink lies inside
 * its buffer with the lengths the sink contract allows, and each packet's bytes are bytes of
 * the file, in file order. Each input is read twice: through the production window and through
 * a tiny one that forces a re-mapping at nearly every record.
 *
 * <p>Regression inputs (real captures and every finding) live in {@code
 * CaptureFuzzTestInputs/readAnyBytes}; {@code bench/fuzz.sh} fuzzes.
 */
class CaptureFuzzTest {
  /** A window smaller than most records: exercises MappedFile's re-mapping. */
  private static final int TINY_WINDOW = 64;
  /** No packet takes fewer bytes: a pcap record header is 16, the smallest pcapng block 12. */
  private static final int SMALLEST_RECORD = 12;
  /** A pcap or pcapng interface's link type is 16 bits (pcap §4, pcapng §4.2). */
  private static final int MAX_LINK_TYPE = 0xffff;

  /** Where the inputs are written: a memory file system when there is one. */
  private static final Path SCRATCH = Files.isDirectory(Path.of("/dev/shm"))
      && Files.isWritable(Path.of("/dev/shm")) ? Path.of("/dev/shm") : null;

  @FuzzTest
  void readAnyBytes(byte[] input) throws IOException {
    // A new file per input: truncating a file that earlier inputs' mappings still map (they go
    // only when collected) costs the kernel more with every mapping, which slows fuzzing 20-fold.
    Path f = SCRATCH != null ? Files.createTempFile(SCRATCH, "rtfm4j-capture-fuzz", ".cap")
        : Files.createTempFile("rtfm4j-capture-fuzz", ".cap");
    try {
      Files.write(f, input);
      read(f, input, MappedFile.DEFAULT_WINDOW);
      read(f, input, TINY_WINDOW);
    } finally {
      Files.delete(f);
    }
  }

  private static void read(Path f, byte[] input, int window) {
    CheckingSink sink = new CheckingSink(input);
    CaptureFile capture;
    try {
      capture = CaptureFiles.open(f, window);
    } catch (CaptureException e) {
      assertMessage(f, e);
      return;
    }
    try (capture) {
      sink.capture = capture;
      CaptureException damage = null;
      try {
        capture.run(sink);
      } catch (CaptureException e) {
        assertMessage(f, e);
        damage = e;
      }
      assertEquals(sink.packets, capture.packetsRead(), "packets counted");
      assertTrue(sink.packets <= input.length / SMALLEST_RECORD,
          sink.packets + " packets from " + input.length + " bytes");
      long perInterface = 0;
      for (CaptureInterface ifc : capture.interfaces()) {
        perInterface += capture.packetsRead(ifc.number());
      }
      assertEquals(sink.packets, perInterface, "packets counted per interface");
      // Run again: after the end nothing more; after damage the same exception.
      try {
        capture.run(sink);
        assertEquals(null, damage, "damage reported once, then forgotten");
      } catch (CaptureException again) {
        assertSame(damage, again, "a second run repeats the damage");
      }
      assertEquals(sink.packets, capture.packetsRead(), "nothing delivered after the end");
    }
  }

  private static void assertMessage(Path f, CaptureException e) {
    assertNotNull(e.getMessage());
    assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
  }

  /** Checks every delivery against the sink contract and the file's bytes. */
  private static final class CheckingSink implements PacketSink {
    private final byte[] input;
    CaptureFile capture;
    long packets;
    /** Where in the file the previous packet's bytes ended. */
    private int fileEnd;

    CheckingSink(byte[] input) {
      this.input = input;
    }

    @Override
    public void packet(int interfaceNumber, int linkType, long timestampNanos, byte[] data,
        int offset, int capturedLength, int wireLength) {
      packets++;
      if (data == null || offset < 0 || capturedLength < 0 || offset > data.length
          || capturedLength > data.length - offset) {
        fail("packet " + packets + " outside its buffer: offset " + offset + ", length "
            + capturedLength + ", buffer " + (data == null ? "null" : data.length));
      }
      assertTrue(capturedLength <= FileReaderBase.MAX_CAPTURED_LENGTH, "captured length");
      assertTrue(wireLength >= 0, "wire length " + wireLength);
      assertTrue(linkType >= 0 && linkType <= MAX_LINK_TYPE, "link type " + linkType);
      List<CaptureInterface> known = capture.interfaces();
      assertTrue(interfaceNumber >= 1 && interfaceNumber <= known.size(),
          "interface " + interfaceNumber + " of " + known.size());
      assertEquals(known.get(interfaceNumber - 1).linkType(), linkType, "link type of its IDB");
      int at = indexOf(data, offset, capturedLength, fileEnd);
      assertTrue(at >= 0, "packet " + packets + ": its bytes are not in the file after byte "
          + fileEnd);
      fileEnd = at + capturedLength;
    }

    /** Where data[offset, offset + length) occurs in the input from {@code from} on, or -1. */
    private int indexOf(byte[] data, int offset, int length, int from) {
      search:
      for (int i = from; i + length <= input.length; i++) {
        for (int j = 0; j < length; j++) {
          if (input[i + j] != data[offset + j]) {
            continue search;
          }
        }
        return i;
      }
      return -1;
    }
  }
}
