package org.rtfm4j.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every capture of the corpus (ndpi/ and suricata-verify/, listed in INDEX.tsv) read to the end:
 * packets, wire bytes and captured bytes equal what capinfos, tcpdump and INDEX.tsv say.
 */
class CorpusTest {
  private static final int PCAP_FILE_HEADER = 24;
  private static final int PCAP_RECORD_HEADER = 16;

  private static Path corpus;
  private static List<Row> rows;

  /** One INDEX.tsv line. */
  record Row(String file, long packets, String wireBytes, long fileBytes, String format,
      String notes) {
    boolean damaged() {
      return !notes.isEmpty();
    }
  }

  /** What a reader delivered. */
  record Read(long packets, long wireBytes, long capturedBytes, CaptureException damage) {}

  @BeforeAll
  static void index() throws IOException {
    corpus = ExternalTools.corpus();
    Assumptions.assumeTrue(corpus != null, "corpus not found (system property rtfm4j.corpus)");
    rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(corpus.resolve("INDEX.tsv"));
    List<String> head = List.of(lines.get(0).split("\t", -1));
    int file = head.indexOf("file");
    int packets = head.indexOf("packets");
    int wire = head.indexOf("data_bytes_wirelen");
    int size = head.indexOf("file_bytes");
    int format = head.indexOf("format");
    int notes = head.indexOf("notes");
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t", -1);
      rows.add(new Row(f[file], Long.parseLong(f[packets]), f[wire], Long.parseLong(f[size]),
          f[format], f[notes]));
    }
  }

  static Read read(Path file, int window) {
    CountingSink sink = new CountingSink();
    CaptureException damage = null;
    try (CaptureFile capture = CaptureFiles.open(file, window)) {
      capture.run(sink);
      assertEquals(sink.packets, capture.packetsRead());
    } catch (CaptureException e) {
      damage = e;
    }
    return new Read(sink.packets, sink.wireBytes, sink.capturedBytes, damage);
  }

  @Test
  void indexListsEveryCapture() throws IOException {
    List<String> onDisk = new ArrayList<>();
    for (String sub : new String[] {"ndpi", "suricata-verify"}) {
      try (Stream<Path> s = Files.list(corpus.resolve(sub))) {
        s.filter(Files::isRegularFile).forEach(p -> onDisk.add(sub + "/" + p.getFileName()));
      }
    }
    List<String> indexed = new ArrayList<>();
    rows.forEach(r -> indexed.add(r.file()));
    onDisk.sort(null);
    indexed.sort(null);
    assertEquals(onDisk, indexed);
  }

  /**
   * capinfos on every file of the corpus (one process): it must agree with INDEX.tsv, so that
   * the index is trustworthy truth for the reader.
   */
  @Test
  void indexAgreesWithCapinfos() {
    Assumptions.assumeTrue(ExternalTools.available("capinfos"), "capinfos not installed");
    Map<String, long[]> capinfos = capinfos(corpus, rows.stream().map(Row::file).toList());
    int checked = 0;
    for (Row row : rows) {
      if (row.damaged()) {
        continue; // capinfos -T prints no row for a file it cannot read to the end
      }
      long[] c = capinfos.get(row.file());
      assertNotNull(c, row.file());
      assertEquals(row.packets(), c[0], row.file() + " packets");
      assertEquals(Long.parseLong(row.wireBytes()), c[1], row.file() + " data size");
      checked++;
    }
    assertTrue(checked > 1000, "checked " + checked);
  }

  /** capinfos -T: file name to {packets, data size (wire bytes)}. */
  static Map<String, long[]> capinfos(Path dir, List<String> files) {
    List<String> command = new ArrayList<>(List.of("capinfos", "-T", "-r", "-c", "-d"));
    command.addAll(files);
    ExternalTools.Result r = runIn(dir, command);
    Map<String, long[]> out = new HashMap<>();
    for (String line : r.lines()) {
      String[] f = line.split("\t");
      if (f.length >= 3 && f[1].matches("\\d+") && f[2].matches("\\d+")) {
        out.put(f[0], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
      }
    }
    return out;
  }

  private static ExternalTools.Result runIn(Path dir, List<String> command) {
    // capinfos prints names as given: run it on relative names from the corpus directory.
    List<String> shell = new ArrayList<>(List.of("sh", "-c", "cd \"$0\" && exec \"$@\"",
        dir.toString()));
    shell.addAll(command);
    return ExternalTools.run(shell.toArray(new String[0]));
  }

  @Test
  void everyReadableCaptureMatchesTheIndex() {
    int readable = 0;
    for (Row row : rows) {
      if (row.damaged()) {
        continue;
      }
      Read read = read(corpus.resolve(row.file()), MappedFile.DEFAULT_WINDOW);
      String what = row.file();
      assertEquals(null, read.damage(), what);
      assertEquals(row.packets(), read.packets(), what + " packets");
      assertEquals(Long.parseLong(row.wireBytes()), read.wireBytes(), what + " wire bytes");
      if (row.format().equals("pcap")) {
        // Independent of any tool: what is not headers is captured bytes.
        assertEquals(row.fileBytes() - PCAP_FILE_HEADER - PCAP_RECORD_HEADER * row.packets(),
            read.capturedBytes(), what + " captured bytes");
      }
      readable++;
    }
    assertTrue(readable > 1000, "read " + readable);
  }

  /**
   * Captured bytes of the pcapng files: editcap rewrites each as classic pcap, whose size then
   * gives the captured bytes; tshark sums frame.cap_len where pcap cannot hold the file.
   */
  @Test
  void pcapngCapturedBytesMatchWireshark(@TempDir Path tmp) {
    Assumptions.assumeTrue(ExternalTools.available("editcap"), "editcap not installed");
    int checked = 0;
    for (Row row : rows) {
      if (!row.format().equals("pcapng") || row.damaged()) {
        continue;
      }
      Path file = corpus.resolve(row.file());
      Read read = read(file, MappedFile.DEFAULT_WINDOW);
      assertEquals(wiresharkCapturedBytes(file, row.packets(), tmp), read.capturedBytes(),
          row.file());
      checked++;
    }
    assertTrue(checked > 100, "checked " + checked);
  }

  static long wiresharkCapturedBytes(Path file, long packets, Path tmp) {
    Path out = tmp.resolve("converted.pcap");
    ExternalTools.Result r = ExternalTools.run("editcap", "-F", "pcap", file.toString(),
        out.toString());
    try {
      if (r.exitCode() == 0) {
        return Files.size(out) - PCAP_FILE_HEADER - PCAP_RECORD_HEADER * packets;
      }
      long sum = 0;
      for (String line : ExternalTools.run("tshark", "-n", "-r", file.toString(), "-T",
          "fields", "-e", "frame.cap_len").lines()) {
        sum += Long.parseLong(line.trim());
      }
      return sum;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } finally {
      out.toFile().delete();
    }
  }

  /**
   * Files that cannot be read to the end: every packet before the damage is delivered, as many
   * as tcpdump (libpcap) reads, with the bytes tcpdump writes out of them; then a
   * CaptureException. capinfos (Wireshark) may read a different number: it guesses among pcap
   * variants when a record looks wrong (bug-6875-01__fuzz.pcap: 2 packets, libpcap and we 1).
   */
  @Test
  void damagedCapturesStopWhereTcpdumpStops(@TempDir Path tmp) throws IOException {
    Assumptions.assumeTrue(ExternalTools.available("tcpdump"), "tcpdump not installed");
    int damaged = 0;
    for (Row row : rows) {
      if (!row.damaged()) {
        continue;
      }
      Path file = corpus.resolve(row.file());
      Read read = read(file, MappedFile.DEFAULT_WINDOW);
      assertNotNull(read.damage(), row.file());
      assertTrue(read.damage().getMessage().startsWith(file + ": record " + (read.packets() + 1)
          + " at byte "), read.damage().getMessage());
      Path before = tmp.resolve("before.pcap");
      ExternalTools.run("tcpdump", "-r", file.toString(), "-w", before.toString());
      long tcpdumpPackets = ExternalTools.tcpdumpCount(before);
      assertEquals(tcpdumpPackets, read.packets(), row.file() + " packets");
      assertEquals(Files.size(before) - PCAP_FILE_HEADER - PCAP_RECORD_HEADER * tcpdumpPackets,
          read.capturedBytes(), row.file() + " captured bytes");
      long[] c = capinfos(tmp, List.of("before.pcap")).get("before.pcap");
      assertEquals(c[1], read.wireBytes(), row.file() + " wire bytes");
      damaged++;
    }
    assertEquals(4, damaged);
  }

  /** The same results through 4 KiB windows: records straddle window ends all the time. */
  @Test
  void smallWindowsReadTheSame() {
    for (Row row : rows) {
      Path file = corpus.resolve(row.file());
      Read big = read(file, MappedFile.DEFAULT_WINDOW);
      Read small = read(file, 4096);
      assertEquals(big.packets(), small.packets(), row.file());
      assertEquals(big.wireBytes(), small.wireBytes(), row.file());
      assertEquals(big.capturedBytes(), small.capturedBytes(), row.file());
      assertEquals(big.damage() == null ? null : big.damage().getMessage(),
          small.damage() == null ? null : small.damage().getMessage(), row.file());
    }
  }
}
