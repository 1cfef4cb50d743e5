package org.rtfm4j.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real captures cut short at many offsets: the reader delivers exactly the records that lie
 * wholly before the cut (found by a separate walk over the bytes, and by tcpdump when installed)
 * and then either ends cleanly (the cut fell between records) or throws CaptureException, never
 * anything else.
 */
class TruncationTest {
  private static final int PCAP_HEADER = 24;
  private static final int PCAP_RECORD = 16;
  private static final int PCAPNG_SHB = 0x0a0d0d0a;
  private static final int CUTS_PER_FILE = 60;
  private static final int BOUNDARIES_PER_FILE = 40;

  @TempDir Path tmp;

  static byte[] resource(String name) throws IOException {
    try {
      return Files.readAllBytes(Path.of(TruncationTest.class.getResource("/captures/" + name)
          .toURI()));
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"teredo.pcap", "nfsv3.pcap", "timestamp_invalid_nano.pcap",
      "gre.pcapng", "dns-google-nsid.pcapng"})
  void cutAtManyOffsets(String name) throws IOException {
    byte[] whole = resource(name);
    Walk walk = walk(whole);
    TreeSet<Integer> cuts = new TreeSet<>();
    int step = Math.max(1, whole.length / CUTS_PER_FILE);
    for (int c = 0; c < whole.length; c += step) {
      cuts.add(c);
    }
    long[] blockEnds = walk.blockEnds();
    int stride = Math.max(1, blockEnds.length / BOUNDARIES_PER_FILE);
    for (int i = 0; i < blockEnds.length; i += stride) {
      // Right before, at and right after a record's end: the interesting places.
      long e = blockEnds[i];
      for (long c = e - 1; c <= e + 1; c++) {
        if (c >= 0 && c < whole.length) {
          cuts.add((int) c);
        }
      }
    }
    check(name, whole, walk, cuts);
  }

  /** Every single cut, for the mvn -Plong run. */
  @Tag("long")
  @ParameterizedTest
  @ValueSource(strings = {"teredo.pcap", "timestamp_invalid_nano.pcap", "gre.pcapng",
      "dns-google-nsid.pcapng"})
  void cutAtEveryOffset(String name) throws IOException {
    byte[] whole = resource(name);
    TreeSet<Integer> cuts = new TreeSet<>();
    for (int c = 0; c < whole.length; c++) {
      cuts.add(c);
    }
    check(name, whole, walk(whole), cuts);
  }

  private void check(String name, byte[] whole, Walk walk, TreeSet<Integer> cuts)
      throws IOException {
    boolean tcpdump = ExternalTools.available("tcpdump");
    List<Long> boundaries = new ArrayList<>();
    for (long e : walk.blockEnds()) {
      boundaries.add(e);
    }
    for (int cut : cuts) {
      Path file = tmp.resolve(cut + "-" + name);
      Files.write(file, Arrays.copyOf(whole, cut));
      long expected = Arrays.stream(walk.packetEnds()).filter(e -> e <= cut).count();
      // An empty file or a cut between records is a shorter capture, not a damaged one.
      boolean clean = cut == 0 || boundaries.contains((long) cut);
      CountingSink sink = new CountingSink();
      CaptureException damage = null;
      try (CaptureFile capture = CaptureFiles.open(file)) {
        capture.run(sink);
      } catch (CaptureException e) {
        damage = e;
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
      } catch (RuntimeException | Error e) {
        fail(name + " cut at " + cut + ": " + e, e);
      }
      String what = name + " cut at " + cut;
      assertEquals(expected, sink.packets, what);
      assertEquals(clean, damage == null, what + ": " + damage);
      if (tcpdump) {
        assertEquals(expected, ExternalTools.tcpdumpCount(file), what + " (tcpdump)");
      }
      Files.delete(file);
    }
  }

  /** Where packet records end, and where every record or block ends. */
  record Walk(long[] packetEnds, long[] blockEnds) {}

  /**
   * Walks the format's length fields only (pcap §5, pcapng §3.1): a walk kept apart from the
   * reader under test.
   */
  static Walk walk(byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file);
    List<Long> packets = new ArrayList<>();
    List<Long> blocks = new ArrayList<>();
    if (b.getInt(0) == PCAPNG_SHB) {
      ByteOrder section = ByteOrder.BIG_ENDIAN;
      int pos = 0;
      while (pos + 12 <= file.length) {
        if (b.order(ByteOrder.BIG_ENDIAN).getInt(pos) == PCAPNG_SHB) {
          section = b.getInt(pos + 8) == 0x1a2b3c4d ? ByteOrder.BIG_ENDIAN
              : ByteOrder.LITTLE_ENDIAN;
        }
        b.order(section);
        int type = b.getInt(pos);
        int length = b.getInt(pos + 4);
        if (pos + length > file.length) {
          break;
        }
        pos += length;
        blocks.add((long) pos);
        if (type == 2 || type == 3 || type == 6) {
          packets.add((long) pos);
        }
      }
    } else {
      b.order(b.getInt(0) == 0xa1b2c3d4 || b.getInt(0) == 0xa1b23c4d ? ByteOrder.BIG_ENDIAN
          : ByteOrder.LITTLE_ENDIAN);
      boolean swapped = b.getShort(6) < 3; // before 2.3 the captured length came second
      int pos = PCAP_HEADER;
      blocks.add((long) pos);
      while (pos + PCAP_RECORD <= file.length) {
        int captured = b.getInt(pos + (swapped ? 12 : 8));
        if (pos + PCAP_RECORD + captured > file.length) {
          break;
        }
        pos += PCAP_RECORD + captured;
        packets.add((long) pos);
        blocks.add((long) pos);
      }
    }
    return new Walk(packets.stream().mapToLong(Long::longValue).toArray(),
        blocks.stream().mapToLong(Long::longValue).toArray());
  }
}
