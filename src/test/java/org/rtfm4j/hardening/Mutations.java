package org.rtfm4j.hardening;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * BER-aware mutations of a well-formed SNMP message (X.690 §8.1): every TLV of its tree gets
 * wrong length fields (off by one, zero, indefinite, reserved, huge, non-minimal), wrong tags,
 * and (by type) bad INTEGERs, OIDs, NULLs and structures, once with the enclosing lengths left as
 * they were and once with them re-computed so that only the inner defect remains; the message
 * is also cut at every offset. Deterministic for a given seed.
 */
final class Mutations {
  private static final int[] OTHER_TAGS = {0x00, 0x02, 0x04, 0x05, 0x06, 0x22, 0x24, 0x30,
      0x40, 0x43, 0x46, 0x80, 0xA0, 0xA2, 0xA3, 0xA4, 0xA5, 0xA8, 0xAF, 0xFF};
  /** Sub-identifiers in an over-long OID: past RFC 2578's 128 and far past it. */
  private static final int[] LONG_OID_ARCS = {129, 1200};

  private final Consumer<byte[]> out;

  /** Mutants go to {@code out}, in a fixed order. */
  Mutations(Consumer<byte[]> out) {
    this.out = out;
  }

  /** Every mutation of every TLV of {@code message}, and every truncation. */
  void all(byte[] message) {
    BerNode root = BerNode.parse(message);
    for (List<Integer> path : paths(root)) {
      node(root, path);
    }
    for (int cut = 0; cut < message.length; cut++) {
      out.accept(Arrays.copyOf(message, cut));
    }
  }

  /** A sample: {@code n} random TLV mutations and {@code n} random truncations. */
  void sample(byte[] message, Random random, int n) {
    BerNode root = BerNode.parse(message);
    List<List<Integer>> paths = paths(root);
    List<byte[]> mutants = new ArrayList<>();
    Mutations collect = new Mutations(mutants::add);
    for (int i = 0; i < n; i++) {
      mutants.clear();
      collect.node(root, paths.get(random.nextInt(paths.size())));
      out.accept(mutants.get(random.nextInt(mutants.size())));
      out.accept(Arrays.copyOf(message, random.nextInt(message.length)));
    }
  }

  /** Every TLV, as the path of child indexes from the root. */
  static List<List<Integer>> paths(BerNode root) {
    List<List<Integer>> l = new ArrayList<>();
    walk(root, new ArrayList<>(), l);
    return l;
  }

  private static void walk(BerNode n, List<Integer> path, List<List<Integer>> into) {
    into.add(List.copyOf(path));
    if (n.isContainer()) {
      for (int i = 0; i < n.children.size(); i++) {
        path.add(i);
        walk(n.children.get(i), path, into);
        path.remove(path.size() - 1);
      }
    }
  }

  private void node(BerNode root, List<Integer> path) {
    BerNode n = at(root, path);
    byte[] c = n.contentOctets();
    int len = c.length;
    List<byte[]> lengths = new ArrayList<>(List.of(
        BerNode.length(len + 1),
        new byte[] {0x7F},
        new byte[] {(byte) 0x80},                                   // indefinite
        new byte[] {(byte) 0xFF},                                   // reserved (X.690 8.1.3.5)
        new byte[] {(byte) 0x81, (byte) len},                      // not the fewest octets
        new byte[] {(byte) 0x84, 0, 0, (byte) (len >> 8), (byte) len},
        new byte[] {(byte) 0x84, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
        new byte[] {(byte) 0x84, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
        new byte[] {(byte) 0x85, 0, 0, 0, (byte) (len >> 8), (byte) len},
        new byte[] {(byte) 0x82, (byte) 0xFF, (byte) 0xFF}));
    if (len > 0) {
      lengths.add(BerNode.length(len - 1));
      lengths.add(new byte[] {0});
    }
    for (byte[] l : lengths) {
      byte[] raw = concat(new byte[] {(byte) n.tag}, l, c);
      emit(root, path, raw, false);
      emit(root, path, raw, true);
    }
    for (int t : OTHER_TAGS) {
      if (t != n.tag) {
        emit(root, path, n.withTag(t).encode(), true);
      }
    }
    // High-tag-number form (X.690 §8.1.2.4): no SNMP type has one.
    emit(root, path, concat(new byte[] {0x1F, (byte) 0x81, 0x00}, BerNode.length(len), c), true);
    if (n.isContainer()) {
      containers(root, path, n);
    } else {
      for (byte[] content : contents(n)) {
        emit(root, path, n.withContent(content).encode(), true);
      }
    }
  }

  /** Structures that are well encoded and wrong: a child missing, doubled, swapped, extra. */
  private void containers(BerNode root, List<Integer> path, BerNode n) {
    List<BerNode> kids = n.children;
    if (!kids.isEmpty()) {
      emit(root, path, n.withChildren(kids.subList(1, kids.size())).encode(), true);
      emit(root, path, n.withChildren(kids.subList(0, kids.size() - 1)).encode(), true);
      List<BerNode> doubled = new ArrayList<>(kids);
      doubled.add(kids.get(kids.size() - 1));
      emit(root, path, n.withChildren(doubled).encode(), true);
    }
    if (kids.size() > 1) {
      List<BerNode> swapped = new ArrayList<>(kids);
      swapped.set(0, kids.get(1));
      swapped.set(1, kids.get(0));
      emit(root, path, n.withChildren(swapped).encode(), true);
    }
    byte[] c = n.contentOctets();
    emit(root, path, concat(new byte[] {(byte) n.tag}, BerNode.length(c.length + 1), c,
        new byte[] {0}), true);
    emit(root, path, concat(new byte[] {(byte) n.tag}, BerNode.length(c.length + 2), c,
        new byte[] {0x05, 0x00}), true);
  }

  /** Bad contents by type (X.690 §8.3, §8.8, §8.19; RFC 2578 ranges). */
  private static List<byte[]> contents(BerNode n) {
    List<byte[]> l = new ArrayList<>();
    switch (n.tag) {
      case BerNode.INTEGER -> {
        l.add(new byte[0]);
        l.add(new byte[] {0, 0, 1});
        l.add(new byte[] {(byte) 0xFF, (byte) 0xFF});
        l.add(filled(9, 0xFF));
        l.add(new byte[] {1, 0, 0, 0, 0});
        l.add(new byte[] {0, (byte) 0x80, 0, 0, 0});
        l.add(new byte[] {(byte) 0x80, 0, 0, 0});
        l.add(new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        l.add(new byte[] {(byte) 0xFF});
      }
      case BerNode.OID -> {
        l.add(new byte[0]);
        l.add(concat(n.content, new byte[] {(byte) 0x86}));
        l.add(new byte[] {0x2B, (byte) 0x80, 0x01});
        l.add(new byte[] {0x2B, (byte) 0x90, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x00});
        l.add(concat(new byte[] {0x2B}, filled(10, 0xFF), new byte[] {0x7F}));
        l.add(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F});
        for (int arcs : LONG_OID_ARCS) {
          long[] a = new long[arcs];
          a[0] = 1;
          a[1] = 3;
          for (int i = 2; i < arcs; i++) {
            a[i] = i;
          }
          l.add(BerNode.oidContent(a));
        }
      }
      case BerNode.NULL -> {
        l.add(new byte[] {0});
        l.add(new byte[] {0x05, 0x00});
      }
      case BerNode.COUNTER32, BerNode.GAUGE32, BerNode.TIME_TICKS, BerNode.COUNTER64 -> {
        l.add(new byte[0]);
        l.add(new byte[] {(byte) 0xFF});
        l.add(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
      }
      case BerNode.IP_ADDRESS -> {
        l.add(new byte[0]);
        l.add(new byte[] {1, 2, 3, 4, 5});
      }
      default -> {
        l.add(new byte[0]);
        l.add(filled(300, 'A'));
      }
    }
    return l;
  }

  private void emit(BerNode root, List<Integer> path, byte[] raw, boolean fixLengths) {
    out.accept(encode(root, path, 0, raw, fixLengths));
  }

  /**
   * {@code root} with the TLV at {@code path} replaced by the octets {@code raw}; the enclosing
   * TLVs get lengths for their new contents when {@code fixLengths}, else keep their old ones.
   */
  private static byte[] encode(BerNode n, List<Integer> path, int depth, byte[] raw,
      boolean fixLengths) {
    if (depth == path.size()) {
      return raw;
    }
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (int i = 0; i < n.children.size(); i++) {
      BerNode child = n.children.get(i);
      content.writeBytes(i == path.get(depth)
          ? encode(child, path, depth + 1, raw, fixLengths) : child.encode());
    }
    byte[] c = content.toByteArray();
    int declared = fixLengths ? c.length : n.contentLength();
    return concat(new byte[] {(byte) n.tag}, BerNode.length(declared), c);
  }

  private static BerNode at(BerNode root, List<Integer> path) {
    BerNode n = root;
    for (int i : path) {
      n = n.children.get(i);
    }
    return n;
  }

  static byte[] filled(int n, int value) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) value);
    return b;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
