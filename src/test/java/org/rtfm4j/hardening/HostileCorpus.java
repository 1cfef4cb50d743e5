package org.rtfm4j.hardening;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.rtfm4j.hardening.WritableObjects.Writable;

/**
 * Hand-built seed messages for the hostile replay: SNMPv1/v2c requests of every kind with the
 * read-only, read-write and unknown communities, NULL and wrong-type SETs on every writable
 * FLOW-METER-MIB object, GetBulk extremes, huge varbind lists, deep nesting, over-long
 * sub-identifiers, PDUs an agent never expects, and SNMPv3 messages with every USM field wrong.
 * Each seed has a name, so a failure can say which one it came from.
 */
final class HostileCorpus {
  static final int V1 = 0;
  static final int V2C = 1;
  static final String SYS_DESCR = "1.3.6.1.2.1.1.1.0";
  static final String FLOOD_MARK = "1.3.6.1.2.1.40.1.5.0";
  static final String FLOW_DATA_ENTRY = "1.3.6.1.2.1.40.2.2.1";
  /** The largest UDP payload over IPv4 (RFC 768, 65535 - 8 - 20). */
  static final int MAX_UDP_PAYLOAD = 65_507;
  /** Rows of the meter's tables (see {@link HostileMeter}): existing, and not existing. */
  private static final Map<String, List<String>> INSTANCES = Map.of(
      HostileMeter.RULE_INFO, List.of("5", "7", "9"),
      "1.3.6.1.2.1.40.1.2.1", List.of("1", "9"),
      HostileMeter.READER, List.of("3", "4"),
      HostileMeter.MANAGER, List.of("1", "2", "4"),
      HostileMeter.RULE, List.of("7.1", "5.1", "9.1"));
  private static final int HUGE_VARBINDS = 3000;
  private static final int DEEP = 3000;
  private static final int USM = 3;
  private static final int REPORTABLE_AUTH_PRIV = 7;
  private static final int REPORTABLE = 4;
  private static final int MIN_MAX_SIZE = 484;

  private final Map<String, byte[]> seeds = new LinkedHashMap<>();
  private final List<Writable> writable;
  private final byte[] engineId;
  private int requestId = 1000;

  HostileCorpus(List<Writable> writable, byte[] engineId) {
    this.writable = writable;
    this.engineId = engineId.clone();
  }

  /** The seeds, by name, in the order built. */
  Map<String, byte[]> seeds() {
    communityRequests();
    sets();
    bulkExtremes();
    oversized();
    unexpectedPdus();
    usmAnomalies();
    return seeds;
  }

  // ---------------------------------------------------------------- SNMPv1/v2c

  private void communityRequests() {
    for (int v : new int[] {V1, V2C}) {
      for (String c : List.of("public", HostileMeter.RW, "private", "", "s3cre", "public\0")) {
        add("get v" + v + " " + printable(c), message(v, c, pdu(BerNode.GET,
            nulls(SYS_DESCR, FLOOD_MARK))));
      }
      add("getnext v" + v, message(v, "public", pdu(BerNode.GET_NEXT,
          nulls("1.3.6.1.2.1.40", "1.3.6.1.2.1.40.1.1.1.5"))));
    }
  }

  /** NULL and wrong-type SETs on every writable object and instance (RFC 3416 §4.2.5). */
  private void sets() {
    List<BerNode> allNull = new ArrayList<>();
    for (Writable w : writable) {
      for (String instance : instances(w)) {
        String oid = w.oid() + "." + instance;
        allNull.add(varbind(oid, BerNode.nul()));
        for (int v : new int[] {V1, V2C}) {
          add("set null v" + v + " rw " + w.name() + "." + instance,
              message(v, HostileMeter.RW, pdu(BerNode.SET, List.of(varbind(oid, BerNode.nul())))));
        }
        add("set null v2c public " + w.name() + "." + instance,
            message(V2C, "public", pdu(BerNode.SET, List.of(varbind(oid, BerNode.nul())))));
        for (BerNode wrong : wrongTypes(w.tag())) {
          add("set wrong type " + Integer.toHexString(wrong.tag) + " rw " + w.name() + "."
              + instance, message(V2C, HostileMeter.RW, pdu(BerNode.SET,
                  List.of(varbind(oid, wrong)))));
        }
      }
    }
    add("set all null v2c rw", message(V2C, HostileMeter.RW, pdu(BerNode.SET, allNull)));
    add("set all null v1 rw", message(V1, HostileMeter.RW, pdu(BerNode.SET, allNull)));
  }

  private static List<String> instances(Writable w) {
    if (w.scalar()) {
      return List.of("0", "1");
    }
    String entry = w.oid().substring(0, w.oid().lastIndexOf('.'));
    List<String> l = INSTANCES.get(entry);
    if (l == null) {
      throw new IllegalStateException("no instances for " + w.name());
    }
    return l;
  }

  /** Values of every other type than {@code tag} (RFC 2578 §7.1). */
  private static List<BerNode> wrongTypes(int tag) {
    List<BerNode> l = new ArrayList<>();
    if (tag != BerNode.INTEGER) {
      l.add(BerNode.integer(1));
    }
    if (tag != BerNode.OCTET_STRING) {
      l.add(BerNode.text("1"));
    }
    l.add(BerNode.oid("1.3.6.1"));
    l.add(BerNode.primitive(BerNode.IP_ADDRESS, new byte[] {1, 2, 3, 4}));
    l.add(BerNode.unsigned(BerNode.COUNTER32, BigInteger.ONE));
    if (tag != BerNode.TIME_TICKS) {
      l.add(BerNode.unsigned(BerNode.TIME_TICKS, BigInteger.ONE));
    }
    l.add(BerNode.unsigned(BerNode.COUNTER64, BigInteger.ONE));
    l.add(BerNode.primitive(BerNode.OPAQUE, new byte[] {0x02, 0x01, 0x01}));
    l.add(BerNode.primitive(0x80, new byte[0])); // noSuchObject is no value to write
    return l;
  }

  /** RFC 3416 §4.2.3: non-repeaters and max-repetitions at and past their limits. */
  private void bulkExtremes() {
    long[][] pairs = {{0, 0}, {0, Integer.MAX_VALUE}, {-1, -1}, {Integer.MAX_VALUE,
        Integer.MAX_VALUE}, {Integer.MIN_VALUE, 10}, {5, 65_535}, {1, Integer.MIN_VALUE}};
    for (long[] p : pairs) {
      for (String c : List.of("public", HostileMeter.RW)) {
        add("getbulk " + p[0] + " " + p[1] + " " + c, message(V2C, c, bulk(p[0], p[1],
            nulls(FLOW_DATA_ENTRY, "1.3", "1.3.6.1.2.1.40.1"))));
      }
    }
    add("getbulk v1", message(V1, "public", bulk(0, 10, nulls("1.3"))));
  }

  /** Huge varbind lists, deep nesting, over-long sub-identifiers. */
  private void oversized() {
    List<BerNode> many = new ArrayList<>();
    for (int i = 0; i < HUGE_VARBINDS; i++) {
      many.add(varbind(SYS_DESCR, BerNode.nul()));
    }
    add("get huge varbind list", message(V2C, "public", pdu(BerNode.GET, many)));
    List<BerNode> manySets = new ArrayList<>();
    for (int i = 0; i < HUGE_VARBINDS; i++) {
      manySets.add(varbind(FLOOD_MARK, BerNode.nul()));
    }
    add("set huge varbind list rw", message(V2C, HostileMeter.RW, pdu(BerNode.SET, manySets)));
    add("getbulk huge varbind list", message(V2C, "public", bulk(HUGE_VARBINDS / 2, 100,
        many)));

    BerNode deep = BerNode.nul();
    for (int i = 0; i < DEEP; i++) {
      deep = BerNode.seq(deep);
    }
    add("get deep value", message(V2C, "public", pdu(BerNode.GET,
        List.of(varbind(SYS_DESCR, deep)))));
    add("get deep opaque", message(V2C, "public", pdu(BerNode.GET, List.of(varbind(SYS_DESCR,
        BerNode.primitive(BerNode.OPAQUE, deep.encode()))))));
    BerNode wrapped = BerNode.parse(message(V2C, "public", pdu(BerNode.GET,
        nulls(SYS_DESCR))));
    for (int i = 0; i < DEEP; i++) {
      wrapped = BerNode.seq(wrapped);
    }
    add("get deep message", wrapped.encode());

    // 2^32 as the last sub-identifier; a 10-octet sub-identifier; 129 and 1200 sub-identifiers.
    byte[] sys = BerNode.oid("1.3.6.1.2.1.1.1").content;
    add("get oid arc 2^32", message(V2C, "public", pdu(BerNode.GET, List.of(BerNode.seq(
        BerNode.primitive(BerNode.OID, Mutations.concat(sys, new byte[] {(byte) 0x90,
            (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x00})), BerNode.nul())))));
    add("get oid arc 10 octets", message(V2C, "public", pdu(BerNode.GET, List.of(BerNode.seq(
        BerNode.primitive(BerNode.OID, Mutations.concat(sys, Mutations.filled(9, 0xFF),
            new byte[] {0x7F})), BerNode.nul())))));
    for (int arcs : new int[] {129, 1200}) {
      StringBuilder s = new StringBuilder("1.3.6.1.2.1.40");
      for (int i = 7; i < arcs; i++) {
        s.append(".").append(i);
      }
      add("getnext oid of " + arcs + " arcs", message(V2C, "public",
          pdu(BerNode.GET_NEXT, nulls(s.toString()))));
    }
  }

  /** PDUs an agent does not serve: responses, reports, traps, informs, an unknown tag. */
  private void unexpectedPdus() {
    for (int tag : new int[] {BerNode.RESPONSE, BerNode.INFORM, BerNode.TRAP_V2,
        BerNode.REPORT}) {
      add("pdu " + Integer.toHexString(tag), message(V2C, "public", pdu(tag,
          nulls(SYS_DESCR))));
    }
    add("trap v1", message(V1, "public", BerNode.constructed(BerNode.TRAP_V1, List.of(
        BerNode.oid("1.3.6.1.4.1.99999"),
        BerNode.primitive(BerNode.IP_ADDRESS, new byte[] {127, 0, 0, 1}),
        BerNode.integer(6), BerNode.integer(1),
        BerNode.unsigned(BerNode.TIME_TICKS, BigInteger.TEN),
        BerNode.seq(varbind(SYS_DESCR, BerNode.text("x")))))));
    add("version 2", message(2, "public", pdu(BerNode.GET, nulls(SYS_DESCR))));
    add("version -1", message(-1, "public", pdu(BerNode.GET, nulls(SYS_DESCR))));
  }

  // ---------------------------------------------------------------- SNMPv3 (RFC 3412, 3414)

  /** Every field of the header and of UsmSecurityParameters out of place, one at a time. */
  private void usmAnomalies() {
    byte[] user = "manager".getBytes(StandardCharsets.UTF_8);
    BerNode scoped = scopedPdu(engineId, pdu(BerNode.GET, nulls(SYS_DESCR)));
    add("v3 discovery", v3(1, MIN_MAX_SIZE, REPORTABLE, USM, usm(new byte[0], 0, 0, new byte[0],
        new byte[0], new byte[0]), scopedPdu(new byte[0], pdu(BerNode.GET, List.of()))));
    add("v3 unknown engine", v3(2, 65_507, REPORTABLE, USM, usm("nobody-home".getBytes(
        StandardCharsets.US_ASCII), 1, 1, user, new byte[0], new byte[0]), scoped));
    add("v3 unknown user", v3(3, 65_507, REPORTABLE, USM, usm(engineId, 0, 0,
        "mallory".getBytes(StandardCharsets.US_ASCII), new byte[0], new byte[0]), scoped));
    add("v3 noauth manager", v3(4, 65_507, REPORTABLE, USM, usm(engineId, 0, 0, user,
        new byte[0], new byte[0]), scoped));
    add("v3 noauth manager set", v3(5, 65_507, REPORTABLE, USM, usm(engineId, 0, 0, user,
        new byte[0], new byte[0]), scopedPdu(engineId, pdu(BerNode.SET,
            List.of(varbind(FLOOD_MARK, BerNode.integer(50)))))));
    add("v3 zero digest", v3(6, 65_507, REPORTABLE_AUTH_PRIV, USM, usm(engineId, 1, 1, user,
        new byte[48], new byte[8]), BerNode.octets(new byte[32])));
    add("v3 short digest", v3(7, 65_507, 5, USM, usm(engineId, 1, 1, user, new byte[3],
        new byte[0]), scoped));
    add("v3 out of time window", v3(8, 65_507, 5, USM, usm(engineId, Integer.MAX_VALUE,
        Integer.MAX_VALUE, user, new byte[48], new byte[0]), scoped));
    add("v3 priv without auth", v3(9, 65_507, 6, USM, usm(engineId, 0, 0, user, new byte[0],
        new byte[8]), BerNode.octets(new byte[16])));
    add("v3 bad salt", v3(10, 65_507, REPORTABLE_AUTH_PRIV, USM, usm(engineId, 1, 1, user,
        new byte[48], new byte[3]), BerNode.octets(new byte[3])));
    add("v3 flags empty", v3(11, 65_507, -1, USM, usm(engineId, 0, 0, user, new byte[0],
        new byte[0]), scoped));
    for (int model : new int[] {0, 1, 2, 99, Integer.MAX_VALUE}) {
      add("v3 security model " + model, v3(12, 65_507, REPORTABLE, model, usm(engineId, 0, 0,
          user, new byte[0], new byte[0]), scoped));
    }
    for (long size : new long[] {0, -1, MIN_MAX_SIZE - 1, Integer.MAX_VALUE}) {
      add("v3 max size " + size, v3(13, size, REPORTABLE, USM, usm(engineId, 0, 0, user,
          new byte[0], new byte[0]), scoped));
    }
    add("v3 msgID -1", v3(-1, 65_507, REPORTABLE, USM, usm(engineId, 0, 0, user, new byte[0],
        new byte[0]), scoped));
    add("v3 user 33 octets", v3(14, 65_507, REPORTABLE, USM, usm(engineId, 0, 0,
        Mutations.filled(33, 'u'), new byte[0], new byte[0]), scoped));
    add("v3 engine 33 octets", v3(15, 65_507, REPORTABLE, USM, usm(Mutations.filled(33, 1), 0,
        0, user, new byte[0], new byte[0]), scoped));
    add("v3 params not a sequence", v3(16, 65_507, REPORTABLE, USM, BerNode.octets(new byte[] {
        0x02, 0x01, 0x00}), scoped));
  }

  private byte[] v3(long msgId, long maxSize, int flags, long model, BerNode params,
      BerNode data) {
    byte[] f = flags < 0 ? new byte[0] : new byte[] {(byte) flags};
    return BerNode.seq(BerNode.integer(3),
        BerNode.seq(BerNode.integer(msgId), BerNode.integer(maxSize), BerNode.octets(f),
            BerNode.integer(model)),
        params, data).encode();
  }

  private static BerNode usm(byte[] engine, long boots, long time, byte[] user, byte[] auth,
      byte[] priv) {
    return BerNode.encapsulating(BerNode.seq(BerNode.octets(engine), BerNode.integer(boots),
        BerNode.integer(time), BerNode.octets(user), BerNode.octets(auth),
        BerNode.octets(priv)));
  }

  private static BerNode scopedPdu(byte[] contextEngine, BerNode pdu) {
    return BerNode.seq(BerNode.octets(contextEngine), BerNode.octets(new byte[0]), pdu);
  }

  // ---------------------------------------------------------------- building blocks

  private void add(String name, byte[] message) {
    if (seeds.put(name, message) != null) {
      throw new IllegalStateException("two seeds named " + name);
    }
  }

  static byte[] message(int version, String community, BerNode pdu) {
    return BerNode.seq(BerNode.integer(version),
        BerNode.octets(community.getBytes(StandardCharsets.ISO_8859_1)), pdu).encode();
  }

  private BerNode pdu(int tag, List<BerNode> varbinds) {
    return BerNode.constructed(tag, List.of(BerNode.integer(requestId++), BerNode.integer(0),
        BerNode.integer(0), BerNode.constructed(BerNode.SEQUENCE, varbinds)));
  }

  private BerNode bulk(long nonRepeaters, long maxRepetitions, List<BerNode> varbinds) {
    return BerNode.constructed(BerNode.GET_BULK, List.of(BerNode.integer(requestId++),
        BerNode.integer(nonRepeaters), BerNode.integer(maxRepetitions),
        BerNode.constructed(BerNode.SEQUENCE, varbinds)));
  }

  static BerNode varbind(String oid, BerNode value) {
    return BerNode.seq(BerNode.oid(oid), value);
  }

  static List<BerNode> nulls(String... oids) {
    List<BerNode> l = new ArrayList<>();
    for (String o : oids) {
      l.add(varbind(o, BerNode.nul()));
    }
    return l;
  }

  private static String printable(String s) {
    return s.isEmpty() ? "(empty)" : s.replace("\0", "\\0");
  }

  /** Mutants of {@code seeds}: every mutation for the named ones, a sample of the rest. */
  static List<byte[]> mutants(Map<String, byte[]> seeds, List<String> fully, int sample,
      long randomSeed) {
    List<byte[]> out = new ArrayList<>();
    Mutations m = new Mutations(out::add);
    Random random = new Random(randomSeed);
    for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
      if (fully.contains(e.getKey())) {
        m.all(e.getValue());
      } else if (e.getValue().length < MAX_UDP_PAYLOAD) {
        m.sample(e.getValue(), random, sample);
      }
    }
    return out;
  }

  /** Drops duplicates and datagrams too large for UDP over IPv4, keeping the first order. */
  static List<byte[]> distinct(List<byte[]> datagrams) {
    Map<ByteBuffer, byte[]> seen = new LinkedHashMap<>();
    for (byte[] d : datagrams) {
      if (d.length <= MAX_UDP_PAYLOAD) {
        seen.putIfAbsent(ByteBuffer.wrap(d), d);
      }
    }
    return new ArrayList<>(seen.values());
  }
}
