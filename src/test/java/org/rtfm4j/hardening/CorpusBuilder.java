package org.rtfm4j.hardening;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rtfm4j.client.MeterClient;
import org.rtfm4j.client.MeterException;
import org.rtfm4j.client.MeterTarget;
import org.rtfm4j.hardening.SnmpReading.Verdict;
import org.rtfm4j.hardening.WritableObjects.Writable;
import org.rtfm4j.testutil.Command;
import org.rtfm4j.testutil.UdpRelay;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.Null;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * The hostile corpus for one meter: the hand-built seeds, real exchanges recorded through a
 * relay, their BER-aware mutants (every TLV of one seed of each kind, a sample of the others)
 * and {@code editcap -E} mutants. Deterministic but for the recorded SNMPv3 messages, which
 * carry the meter's engine ID, time and fresh salts.
 */
final class CorpusBuilder {
  /** Fixed seeds: the corpus is the same at every run. */
  private static final long MUTATION_SEED = 0x2722_0006L;
  private static final int[] EDITCAP_SEEDS = {2720, 2722};
  private static final double[] EDITCAP_PROBABILITIES = {0.02, 0.06};
  private static final int SAMPLE_PER_SEED = 3;
  private static final OID SYS_UP_TIME = new OID("1.3.6.1.2.1.1.3.0");
  private static final OID FLOOD_MARK = new OID(HostileCorpus.FLOOD_MARK);

  /**
   * The datagrams to replay and where they came from.
   *
   * @param couldWrite mutants left out because they read as a legitimate write (a SET with the
   *     read-write community and no NULL value): they could change the meter, as they may
   */
  record Corpus(List<byte[]> datagrams, int seeds, int mutants, int editcap, int couldWrite) {}

  private CorpusBuilder() {}

  static Corpus build(HostileMeter m, List<Writable> writable, byte[] engineId, Path dir)
      throws Exception {
    Map<String, byte[]> seeds = new LinkedHashMap<>(
        new HostileCorpus(writable, engineId).seeds());
    seeds.putAll(recorded(m, writable));
    List<byte[]> mutants = HostileCorpus.mutants(seeds, fullyMutated(seeds), SAMPLE_PER_SEED,
        MUTATION_SEED);
    int editcap = 0;
    if (Command.onPath("editcap")) {
      List<byte[]> small = new ArrayList<>();
      for (byte[] s : seeds.values()) {
        if (s.length < HostileCorpus.MAX_UDP_PAYLOAD) {
          small.add(s);
        }
      }
      for (int i = 0; i < EDITCAP_SEEDS.length; i++) {
        List<byte[]> e = EditcapMutants.mutate(small, EDITCAP_PROBABILITIES[i],
            EDITCAP_SEEDS[i], dir);
        editcap += e.size();
        mutants.addAll(e);
      }
    }
    List<byte[]> corpus = new ArrayList<>(seeds.values());
    int couldWrite = 0;
    for (byte[] d : mutants) {
      if (couldWrite(SnmpReading.of(d))) {
        couldWrite++;
      } else {
        corpus.add(d);
      }
    }
    return new Corpus(HostileCorpus.distinct(corpus), seeds.size(), mutants.size(), editcap,
        couldWrite);
  }

  /** Seeds to mutate at every TLV: one of each kind of message. */
  private static List<String> fullyMutated(Map<String, byte[]> seeds) {
    List<String> l = new ArrayList<>(List.of("get v0 public", "get v1 s3cret",
        "set null v1 rw flowFloodMark.0", "getbulk 5 65535 public", "trap v1",
        "v3 noauth manager set", "v3 unknown user"));
    for (String name : seeds.keySet()) {
      if (name.startsWith("recorded manager set flowFloodMark.0 null")
          || name.startsWith("recorded reader noAuthNoPriv get")) {
        l.add(name);
      }
    }
    return l;
  }

  /**
   * Real exchanges recorded through a relay: SNMP4J's client as the examples' manager and
   * reader (engine discovery, authPriv GETs, NULL and wrong-type SETs, lower levels) and a v2c
   * GETBULK walk.
   */
  private static Map<String, byte[]> recorded(HostileMeter m, List<Writable> writable)
      throws Exception {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (UdpRelay relay = new UdpRelay(m.port())) {
      MeterClient manager = m.open(HostileMeter.manager(relay.port()), 2000, 0);
      record(out, relay, "recorded manager get", () -> manager.get(SYS_UP_TIME));
      for (Writable w : writable) {
        String oid = w.scalar() ? w.oid() + ".0" : w.oid() + (w.oid().startsWith(
            HostileMeter.RULE) ? ".7.1" : ".1");
        record(out, relay, "recorded manager set " + w.name() + (w.scalar() ? ".0" : "")
            + " null", () -> manager.set(List.of(new VariableBinding(new OID(oid),
                Null.instance))));
        Variable wrong = w.tag() == BerNode.OCTET_STRING ? new Integer32(1)
            : new OctetString("1");
        record(out, relay, "recorded manager set " + w.name() + " wrong type",
            () -> manager.set(List.of(new VariableBinding(new OID(oid), wrong))));
      }
      MeterClient reader = m.open(HostileMeter.reader(relay.port(),
          MeterTarget.Level.AUTH_PRIV), 2000, 0);
      record(out, relay, "recorded reader get", () -> reader.get(SYS_UP_TIME));
      record(out, relay, "recorded reader set", () -> reader.set(List.of(
          new VariableBinding(FLOOD_MARK, new Integer32(50)))));
      for (MeterTarget.Level level : List.of(MeterTarget.Level.NO_AUTH_NO_PRIV,
          MeterTarget.Level.AUTH_NO_PRIV)) {
        MeterClient low = m.open(HostileMeter.reader(relay.port(), level), 2000, 0);
        record(out, relay, "recorded reader " + level.netSnmpName() + " get",
            () -> low.get(SYS_UP_TIME));
      }
      MeterClient walker = m.open(MeterTarget.community(HostileMeter.LOOPBACK, relay.port(),
          MeterTarget.Version.V2C, "public"), 2000, 0);
      record(out, relay, "recorded v2c walk", () -> walker.walk(new OID("1.3.6.1.2.1.40.1"), 10,
          vb -> true));
      if (Command.onPath("snmpset") && Command.onPath("snmpbulkget")) {
        netSnmp(out, relay);
      }
    }
    return out;
  }

  /** net-snmp's encodings too: the manager's wrong-type SETs and a v2c GETBULK. */
  private static void netSnmp(Map<String, byte[]> out, UdpRelay relay) throws Exception {
    String at = HostileMeter.LOOPBACK + ":" + relay.port();
    List<List<String>> commands = List.of(
        List.of("snmpset", "-v3", "-l", "authPriv", "-u", "manager", "-a", "SHA-512", "-A",
            "manager auth passphrase", "-x", "AES-256", "-X", "manager privacy passphrase", at,
            "1.3.6.1.2.1.40.1.5.0", "s", "50"),
        List.of("snmpset", "-v1", "-c", HostileMeter.RW, at, "1.3.6.1.2.1.40.1.9.0", "s", "2"),
        List.of("snmpbulkget", "-v2c", "-c", "public", "-Cn1", "-Cr50", at, "1.3.6.1.2.1.1",
            "1.3.6.1.2.1.40"));
    for (List<String> c : commands) {
      List<String> cmd = new ArrayList<>(c.subList(0, 1));
      cmd.addAll(List.of("-t", "1", "-r", "0"));
      cmd.addAll(c.subList(1, c.size()));
      int from = relay.requests().size();
      Command.run(cmd); // refused or answered: only the datagrams matter here
      List<byte[]> r = relay.requests();
      for (int i = from; i < r.size(); i++) {
        out.put("recorded net-snmp " + c.get(0) + " " + c.get(1) + " #" + (i - from), r.get(i));
      }
    }
  }

  /** A request that may be refused: its datagrams are recorded either way. */
  @FunctionalInterface
  private interface Exchange {
    void run() throws MeterException;
  }

  private static void record(Map<String, byte[]> out, UdpRelay relay, String name,
      Exchange e) {
    int from = relay.requests().size();
    try {
      e.run();
    } catch (MeterException refused) {
      // Refusals are what most of these requests are for; the datagrams are what counts here.
    }
    List<byte[]> r = relay.requests();
    for (int i = from; i < r.size(); i++) {
      out.put(name + " #" + (i - from), r.get(i));
    }
  }

  private static boolean couldWrite(SnmpReading r) {
    return r.verdict() != Verdict.MALFORMED && (r.version() == HostileCorpus.V1
        || r.version() == HostileCorpus.V2C) && HostileMeter.RW.equals(r.community())
        && r.setWithoutNull();
  }
}
