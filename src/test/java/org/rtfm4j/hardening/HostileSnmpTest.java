package org.rtfm4j.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtfm4j.client.MeterClient;
import org.rtfm4j.client.MeterException;
import org.rtfm4j.client.MeterTarget;
import org.rtfm4j.hardening.SnmpReading.Verdict;
import org.rtfm4j.hardening.WritableObjects.Writable;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.VariableBinding;

/**
 * Hostile SNMP at a running meter (issue 6): a corpus of malformed and mutated datagrams, built
 * from hand-made seeds and from real exchanges recorded through a relay, mutated TLV by TLV and
 * by {@code editcap -E}, is replayed paced at a meter whose agent has a read-write community and
 * SNMPv3 users (so write paths are reachable with credentials too). Throughout, a manager's GET
 * is answered within 1 s; afterwards everything writable reads as before; snmpInPkts counted
 * every datagram; snmpInASNParseErrs counted at least every datagram SNMP4J's own decoder cannot
 * read ({@link Snmp4jDecoding}), and the strict reader written from X.690 ({@link SnmpReading})
 * finds fault with each of those; no answer carries genErr; the heap after GC is where it was;
 * and in a sample sent one at a time ({@link Audit}) every request is answered or counted.
 */
class HostileSnmpTest {
  /** A liveness GET after this many datagrams or octets (well below a socket buffer). */
  private static final int WINDOW = 50;
  private static final int WINDOW_OCTETS = 64 * 1024;
  private static final int WARM_UP = 2000;
  /** The liveness GET must come back within this (issue 6: SNMP answers under 1 s). */
  private static final long MAX_LIVENESS_MICROS = 1_000_000;
  /** Used heap after GC may grow by at most this over the whole replay. */
  private static final long HEAP_BOUND = 8L << 20;
  private static final long DRAIN_MILLIS = 300;
  /** One datagram in this many is audited alone. */
  private static final int AUDIT_EVERY = 8;
  /** PDUs an agent does not answer: Response, SNMPv1 Trap, SNMPv2 Trap, Report (RFC 3416). */
  private static final Set<Integer> NOT_REQUESTS = Set.of(BerNode.RESPONSE, BerNode.TRAP_V1,
      BerNode.TRAP_V2, BerNode.REPORT);

  // SNMPv2-MIB snmp group (RFC 3418) and SNMP-MPD-MIB / SNMP-USER-BASED-SM-MIB counters.
  private static final OID IN_PKTS = new OID("1.3.6.1.2.1.11.1.0");
  private static final OID IN_BAD_VERSIONS = new OID("1.3.6.1.2.1.11.3.0");
  private static final OID IN_BAD_COMMUNITY_NAMES = new OID("1.3.6.1.2.1.11.4.0");
  private static final OID IN_BAD_COMMUNITY_USES = new OID("1.3.6.1.2.1.11.5.0");
  private static final OID IN_ASN_PARSE_ERRS = new OID("1.3.6.1.2.1.11.6.0");
  private static final OID SILENT_DROPS = new OID("1.3.6.1.2.1.11.31.0");
  private static final OID UNKNOWN_SECURITY_MODELS = new OID("1.3.6.1.6.3.11.2.1.1.0");
  private static final OID INVALID_MSGS = new OID("1.3.6.1.6.3.11.2.1.2.0");
  private static final OID UNKNOWN_PDU_HANDLERS = new OID("1.3.6.1.6.3.11.2.1.3.0");
  private static final OID USM_STATS = new OID("1.3.6.1.6.3.15.1.1");
  private static final int USM_STATS_COUNTERS = 6;
  private static final OID SYS_UP_TIME = new OID("1.3.6.1.2.1.1.3.0");
  private static final OID FLOOD_MARK = new OID(HostileCorpus.FLOOD_MARK);

  @Test
  void hostileDatagramsAreCountedAndChangeNothing(@TempDir Path dir) throws Exception {
    List<Writable> writable = WritableObjects.read(Path.of("mibs/FLOW-METER-MIB.txt"));
    assertEquals(26, writable.size(), "RFC 2720 has 26 read-write and read-create objects");
    try (HostileMeter m = new HostileMeter(1000)) {
      MeterClient rw = m.community(MeterTarget.Version.V2C, HostileMeter.RW, 2000, 1);
      byte[] engineId = ((OctetString) rw.get(HostileMeter.ENGINE_ID)).getValue();
      CorpusBuilder.Corpus built = CorpusBuilder.build(m, writable, engineId, dir);
      List<byte[]> corpus = built.datagrams();
      Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
      for (Verdict v : Verdict.values()) {
        verdicts.put(v, 0);
      }
      int undecodable = 0;
      int lenient = 0;
      List<String> rejectedWellFormed = new ArrayList<>();
      for (byte[] d : corpus) {
        SnmpReading r = SnmpReading.of(d);
        verdicts.merge(r.verdict(), 1, Integer::sum);
        boolean decodes = Snmp4jDecoding.decodes(d);
        undecodable += decodes ? 0 : 1;
        lenient += decodes && r.verdict() == Verdict.MALFORMED ? 1 : 0;
        if (!decodes && (r.verdict() == Verdict.WELL_FORMED
            || r.verdict() == Verdict.BAD_VERSION)) {
          rejectedWellFormed.add(HexFormat.of().formatHex(d));
        }
      }
      // The two readers agree: SNMP4J fails only on what the strict reader finds fault with.
      assertEquals(List.of(), rejectedWellFormed, "well-formed datagrams SNMP4J cannot decode");

      MeterClient liveness = m.community(MeterTarget.Version.V2C, "public", 2000, 0);
      try (Replay replay = new Replay(m.port(), liveness, List.of(SYS_UP_TIME, FLOOD_MARK))) {
        Map<String, String> before = m.writableState();
        replay.run(corpus.subList(0, Math.min(WARM_UP, corpus.size())), WINDOW, WINDOW_OCTETS);
        replay.drain(DRAIN_MILLIS);
        long heapBefore = usedHeapAfterGc();
        Map<OID, Long> c0 = counters(rw);
        Replay.Figures f = replay.run(corpus, WINDOW, WINDOW_OCTETS);
        replay.drain(DRAIN_MILLIS);
        Map<OID, Long> c1 = counters(rw);
        long heapAfter = usedHeapAfterGc();
        Map<String, String> after = m.writableState();
        AuditFigures audit = audit(m, rw, corpus);

        long asn = c1.get(IN_ASN_PARSE_ERRS) - c0.get(IN_ASN_PARSE_ERRS);
        long badVersions = c1.get(IN_BAD_VERSIONS) - c0.get(IN_BAD_VERSIONS);
        int malformed = verdicts.get(Verdict.MALFORMED);
        int badVersion = verdicts.get(Verdict.BAD_VERSION);
        int debatable = verdicts.get(Verdict.DEBATABLE);
        System.out.printf("HostileSnmpTest: %d seeds, %d mutants (%d from editcap), %d left out"
                + " as possible legitimate writes; %d distinct datagrams (%d octets) replayed in"
                + " %d ms; strict reader %s; SNMP4J cannot decode %d; %d malformed ones SNMP4J"
                + " reads anyway; counter deltas %s; %d answers, %d with an error status, %d"
                + " genErr; liveness GETs %d, median %d us, max %d us; used heap after GC %d KiB"
                + " before, %d KiB after; audit of %d datagrams: %d answered, %d counted, %d"
                + " neither (%d of them responses, reports or traps)%n",
            built.seeds(), built.mutants(), built.editcap(), built.couldWrite(), f.sent(),
            f.octets(), f.millis(), verdicts, undecodable, lenient, deltas(c0, c1),
            replay.answers(), replay.errorAnswers(), replay.genErrs(), f.livenessGets(),
            f.medianLivenessMicros(), f.maxLivenessMicros(), heapBefore >> 10, heapAfter >> 10,
            audit.audited, audit.answered, audit.counted, audit.silent.size() + audit.notRequests,
            audit.notRequests);

        assertEquals(Map.of(), changes(before, after),
            "a hostile datagram changed something writable");
        assertTrue(f.maxLivenessMicros() < MAX_LIVENESS_MICROS,
            "liveness GET took " + f.maxLivenessMicros() + " us");
        // Every datagram reached the engine: snmpInPkts counts each, and the GETs of this test.
        assertEquals(f.sent() + f.livenessGets() + 1L,
            c1.get(IN_PKTS) - c0.get(IN_PKTS), "datagrams lost before the engine");
        assertTrue(asn >= undecodable,
            "snmpInASNParseErrs rose by " + asn + " for " + undecodable
                + " datagrams SNMP4J cannot decode");
        assertTrue(badVersions >= badVersion,
            "snmpInBadVersions rose by " + badVersions + " for " + badVersion);
        assertTrue(asn + badVersions <= malformed + badVersion + debatable,
            "well-formed datagrams counted as garbage: " + (asn + badVersions) + " > "
                + (malformed + badVersion + debatable));
        assertEquals(List.of(), audit.silent, "datagrams neither answered nor counted");
        assertEquals(0, replay.genErrs(), "answers with genErr: an exception in the agent");
        assertTrue(heapAfter - heapBefore < HEAP_BOUND,
            "used heap after GC grew by " + ((heapAfter - heapBefore) >> 10) + " KiB");
      }
    }
  }

  /** What the audit saw; {@code silent} holds the hex of datagrams nothing became of. */
  private record AuditFigures(int audited, int answered, int counted, int notRequests,
      List<String> silent) {}

  /**
   * Every {@value #AUDIT_EVERY}th datagram alone: each must be answered or counted, but for
   * responses, reports and traps, which an agent drops (RFC 3413 §3.2 handles only requests).
   */
  private static AuditFigures audit(HostileMeter m, MeterClient rw, List<byte[]> corpus)
      throws Exception {
    List<OID> drops = counterOids();
    drops.remove(IN_PKTS);
    int audited = 0;
    int answered = 0;
    int counted = 0;
    int notRequests = 0;
    List<String> silent = new ArrayList<>();
    try (Audit a = new Audit(m.port(), rw, drops)) {
      for (int i = 0; i < corpus.size(); i += AUDIT_EVERY) {
        byte[] d = corpus.get(i);
        Audit.Outcome o = a.send(d);
        audited++;
        answered += o.answered() ? 1 : 0;
        counted += o.moved().isEmpty() ? 0 : 1;
        if (o.silent()) {
          SnmpReading r = SnmpReading.of(d);
          if (r.verdict() != Verdict.MALFORMED && NOT_REQUESTS.contains(r.pduType())) {
            notRequests++;
          } else {
            silent.add(r.verdict() + " " + r.why() + ": " + HexFormat.of().formatHex(d));
          }
        }
      }
    }
    return new AuditFigures(audited, answered, counted, notRequests, silent);
  }

  /** snmpInPkts and every counter of a message dropped (RFC 3418, RFC 3412, RFC 3414). */
  private static List<OID> counterOids() {
    List<OID> oids = new ArrayList<>(List.of(IN_PKTS, IN_BAD_VERSIONS, IN_BAD_COMMUNITY_NAMES,
        IN_BAD_COMMUNITY_USES, IN_ASN_PARSE_ERRS, SILENT_DROPS, UNKNOWN_SECURITY_MODELS,
        INVALID_MSGS, UNKNOWN_PDU_HANDLERS));
    for (int i = 1; i <= USM_STATS_COUNTERS; i++) {
      oids.add(new OID(USM_STATS).append(i).append(0));
    }
    return oids;
  }

  private static Map<OID, Long> counters(MeterClient c) throws MeterException {
    Map<OID, Long> m = new LinkedHashMap<>();
    for (VariableBinding vb : c.get(counterOids())) {
      m.put(vb.getOid(), vb.getVariable().toLong());
    }
    return m;
  }

  private static Map<String, Long> deltas(Map<OID, Long> before, Map<OID, Long> after) {
    Map<String, Long> d = new LinkedHashMap<>();
    before.forEach((k, v) -> d.put(k.toDottedString(), after.get(k) - v));
    return d;
  }

  /** What differs between two snapshots: OID -> "before -> after". */
  static Map<String, String> changes(Map<String, String> before, Map<String, String> after) {
    Map<String, String> d = new LinkedHashMap<>();
    before.forEach((k, v) -> {
      if (!v.equals(after.get(k))) {
        d.put(k, v + " -> " + after.get(k));
      }
    });
    after.forEach((k, v) -> {
      if (!before.containsKey(k)) {
        d.put(k, "(none) -> " + v);
      }
    });
    return d;
  }

  static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
