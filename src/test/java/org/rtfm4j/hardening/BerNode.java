package org.rtfm4j.hardening;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A BER TLV tree (X.690 §8.1) for building SNMP messages and re-encoding mutated ones, written
 * for the tests from X.690 and RFC 3416/3412/3414, not from SNMP4J. A node is primitive (its
 * content octets), constructed (its children) or an OCTET STRING that encapsulates BER (USM's
 * msgSecurityParameters, RFC 3414 §2.4): then its children are the encapsulated TLVs.
 */
final class BerNode {
  static final int INTEGER = 0x02;
  static final int OCTET_STRING = 0x04;
  static final int NULL = 0x05;
  static final int OID = 0x06;
  static final int SEQUENCE = 0x30;
  /** RFC 2578 application types. */
  static final int IP_ADDRESS = 0x40;
  static final int COUNTER32 = 0x41;
  static final int GAUGE32 = 0x42;
  static final int TIME_TICKS = 0x43;
  static final int OPAQUE = 0x44;
  static final int COUNTER64 = 0x46;
  /** RFC 3416 PDU tags (context-specific, constructed). */
  static final int GET = 0xA0;
  static final int GET_NEXT = 0xA1;
  static final int RESPONSE = 0xA2;
  static final int SET = 0xA3;
  static final int TRAP_V1 = 0xA4;
  static final int GET_BULK = 0xA5;
  static final int INFORM = 0xA6;
  static final int TRAP_V2 = 0xA7;
  static final int REPORT = 0xA8;

  private static final int CONSTRUCTED = 0x20;
  private static final int SHORT_LENGTH_MAX = 0x7F;
  private static final int LONG_FORM = 0x80;
  private static final int SEVEN_BITS = 7;

  final int tag;
  final byte[] content;
  final List<BerNode> children;
  /** The encoding, once computed: nodes never change, and deep trees re-encode subtrees often. */
  private byte[] encoded;

  private BerNode(int tag, byte[] content, List<BerNode> children) {
    this.tag = tag;
    this.content = content;
    this.children = children;
  }

  static BerNode primitive(int tag, byte[] content) {
    return new BerNode(tag, content.clone(), null);
  }

  static BerNode constructed(int tag, List<BerNode> children) {
    return new BerNode(tag, null, List.copyOf(children));
  }

  static BerNode seq(BerNode... children) {
    return constructed(SEQUENCE, Arrays.asList(children));
  }

  /** An OCTET STRING holding the BER encoding of {@code inner} (USM security parameters). */
  static BerNode encapsulating(BerNode inner) {
    return new BerNode(OCTET_STRING, null, List.of(inner));
  }

  static BerNode integer(long v) {
    return primitive(INTEGER, BigInteger.valueOf(v).toByteArray());
  }

  /** An unsigned application type (Counter32, TimeTicks, Counter64...). */
  static BerNode unsigned(int tag, BigInteger v) {
    return primitive(tag, v.toByteArray());
  }

  static BerNode octets(byte[] v) {
    return primitive(OCTET_STRING, v);
  }

  static BerNode text(String s) {
    return octets(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  static BerNode nul() {
    return primitive(NULL, new byte[0]);
  }

  /** An OBJECT IDENTIFIER from dotted sub-identifiers (X.690 §8.19). */
  static BerNode oid(String dotted) {
    String[] p = dotted.startsWith(".") ? dotted.substring(1).split("\\.") : dotted.split("\\.");
    long[] arcs = new long[p.length];
    for (int i = 0; i < p.length; i++) {
      arcs[i] = Long.parseLong(p[i]);
    }
    return primitive(OID, oidContent(arcs));
  }

  /** X.690 §8.19.4: the first two arcs share one sub-identifier (40 * X + Y). */
  static byte[] oidContent(long[] arcs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    subIdentifier(out, arcs[0] * 40 + arcs[1]);
    for (int i = 2; i < arcs.length; i++) {
      subIdentifier(out, arcs[i]);
    }
    return out.toByteArray();
  }

  /** Base-128, most significant group first, bit 8 set on all but the last (X.690 §8.19.2). */
  static void subIdentifier(ByteArrayOutputStream out, long v) {
    int groups = 1;
    while (groups < 10 && (v >>> (SEVEN_BITS * groups)) != 0) {
      groups++;
    }
    for (int g = groups - 1; g >= 0; g--) {
      int b = (int) ((v >>> (SEVEN_BITS * g)) & SHORT_LENGTH_MAX);
      out.write(g == 0 ? b : b | LONG_FORM);
    }
  }

  boolean isContainer() {
    return children != null;
  }

  /** A copy with other content (primitive) or children (container), same tag. */
  BerNode withContent(byte[] newContent) {
    return new BerNode(tag, newContent.clone(), null);
  }

  BerNode withChildren(List<BerNode> newChildren) {
    return new BerNode(tag, null, List.copyOf(newChildren));
  }

  BerNode withTag(int newTag) {
    return new BerNode(newTag, content, children);
  }

  /** The contents octets: the content, or the children encoded one after the other. */
  byte[] contentOctets() {
    if (children == null) {
      return content.clone();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (BerNode c : children) {
      out.writeBytes(c.encode());
    }
    return out.toByteArray();
  }

  /**
   * Definite-form encoding with the fewest length octets (X.690 §8.1.3, RFC 3417 §8); the array
   * is shared, callers must not change it.
   */
  byte[] encode() {
    if (encoded == null) {
      byte[] c = contentOctets();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(tag);
      out.writeBytes(length(c.length));
      out.writeBytes(c);
      encoded = out.toByteArray();
    }
    return encoded;
  }

  /** The number of contents octets. */
  int contentLength() {
    byte[] e = encode();
    int first = e[1] & 0xFF;
    return first <= SHORT_LENGTH_MAX ? first : e.length - 2 - (first & SHORT_LENGTH_MAX);
  }

  /** The minimal definite length octets for {@code n}. */
  static byte[] length(int n) {
    if (n <= SHORT_LENGTH_MAX) {
      return new byte[] {(byte) n};
    }
    int octets = (Integer.SIZE - Integer.numberOfLeadingZeros(n) + Byte.SIZE - 1) / Byte.SIZE;
    byte[] b = new byte[octets + 1];
    b[0] = (byte) (LONG_FORM | octets);
    for (int i = 0; i < octets; i++) {
      b[octets - i] = (byte) (n >>> (Byte.SIZE * i));
    }
    return b;
  }

  /**
   * Parses a well-formed encoding (a seed built here or by a real SNMP stack) into a tree;
   * constructed TLVs become containers, and so does an OCTET STRING whose content is exactly one
   * SEQUENCE (msgSecurityParameters), so that mutations reach the USM fields too.
   */
  static BerNode parse(byte[] b) {
    int[] at = {0};
    BerNode n = parse(b, at, b.length);
    if (at[0] != b.length) {
      throw new IllegalArgumentException("trailing octets after the message");
    }
    return n;
  }

  private static BerNode parse(byte[] b, int[] at, int limit) {
    int tag = b[at[0]++] & 0xFF;
    int first = b[at[0]++] & 0xFF;
    int len = first;
    if (first > SHORT_LENGTH_MAX) {
      len = 0;
      for (int i = 0; i < (first & SHORT_LENGTH_MAX); i++) {
        len = (len << Byte.SIZE) | (b[at[0]++] & 0xFF);
      }
    }
    int end = at[0] + len;
    if (end > limit) {
      throw new IllegalArgumentException("seed is not well-formed at " + at[0]);
    }
    if ((tag & CONSTRUCTED) != 0) {
      List<BerNode> kids = new ArrayList<>();
      while (at[0] < end) {
        kids.add(parse(b, at, end));
      }
      return constructed(tag, kids);
    }
    byte[] c = Arrays.copyOfRange(b, at[0], end);
    at[0] = end;
    if (tag == OCTET_STRING && c.length > 2 && (c[0] & 0xFF) == SEQUENCE) {
      try {
        BerNode inner = parse(c);
        // Only when it re-encodes to the same octets: a ciphertext may look like BER by chance.
        if (Arrays.equals(inner.encode(), c)) {
          return encapsulating(inner);
        }
      } catch (RuntimeException notBer) {
        // An ordinary string that merely starts with 0x30: it stays content, below.
      }
    }
    return primitive(tag, c);
  }
}
