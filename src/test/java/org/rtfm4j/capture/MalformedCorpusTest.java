package org.rtfm4j.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * tcpdump's regression captures (corpus malformed/): odd link-type fields, captured lengths
 * above the snaplen or the wire length, bogus timestamps. Each is read without any exception
 * but CaptureException, delivering as many packets as tcpdump and capinfos read.
 */
class MalformedCorpusTest {
  private static final int SUNATM = 123;
  private static final int SUNATM_PSEUDO_HEADER = 4;
  private static final int PCAP_FILE_HEADER = 24;
  private static final int PCAP_RECORD_HEADER = 16;

  @Test
  void everyFileReadsLikeTcpdump() throws IOException {
    Path corpus = ExternalTools.corpus();
    Assumptions.assumeTrue(corpus != null, "corpus not found (system property rtfm4j.corpus)");
    Assumptions.assumeTrue(ExternalTools.available("tcpdump"), "tcpdump not installed");
    Assumptions.assumeTrue(ExternalTools.available("capinfos"), "capinfos not installed");
    Path dir = corpus.resolve("malformed");
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.map(p -> p.getFileName().toString()).filter(n -> n.matches(".*\\.pcap(ng)?"))
          .sorted().forEach(names::add);
    }
    Map<String, long[]> capinfos = CorpusTest.capinfos(dir, names);
    int comparedWithCapinfos = 0;
    int pcapReadToTheEnd = 0;
    for (String name : names) {
      Path file = dir.resolve(name);
      CountingSink sink = new CountingSink();
      int linkType = -1;
      try (CaptureFile capture = CaptureFiles.open(file)) {
        linkType = capture.interfaces().isEmpty() ? -1 : capture.interfaces().get(0).linkType();
        capture.run(sink);
        if (capture.format().equals("pcap")) {
          // Read to the end: everything but the headers is captured bytes, also where the
          // captured length exceeds the snaplen (libpcap would cut those to the snaplen).
          assertEquals(Files.size(file) - PCAP_FILE_HEADER - PCAP_RECORD_HEADER * sink.packets,
              sink.capturedBytes, name + " captured bytes");
          pcapReadToTheEnd++;
        }
      } catch (CaptureException e) {
        // Allowed: damage is reported, not thrown as anything else.
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
      } catch (RuntimeException e) {
        fail(name + ": " + e, e);
      }
      assertEquals(ExternalTools.tcpdumpCount(file), sink.packets, name + " packets (tcpdump)");
      long[] c = capinfos.get(name);
      if (c != null) {
        // capinfos cannot open a few link types (Juniper, FRF.16): tcpdump alone decides there.
        assertEquals(c[0], sink.packets, name + " packets (capinfos)");
        // Wireshark takes SunATM's 4-byte pseudo-header out of the frame length; we pass the
        // record's lengths through, as libpcap does.
        long pseudoHeaders = linkType == SUNATM ? SUNATM_PSEUDO_HEADER * sink.packets : 0;
        assertEquals(c[1] + pseudoHeaders, sink.wireBytes, name + " wire bytes (capinfos)");
        comparedWithCapinfos++;
      }
    }
    assertTrue(names.size() > 200, "files " + names.size());
    assertTrue(comparedWithCapinfos > 200, "compared " + comparedWithCapinfos);
    assertTrue(pcapReadToTheEnd > 200, "pcap files read to the end " + pcapReadToTheEnd);
  }
}
