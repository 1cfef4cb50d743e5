package org.rtfm4j.flow;

import org.rtfm4j.packet.DecodedPacket;
import org.rtfm4j.rules.Attribute;

/**
 * A flow key under construction or being read back (RFC 2722 §4.4: "A flow key is built by
 * zeroing all its attribute values, then copying attribute number, mask and value information
 * from the pattern queue in the order it was enqueued"). One instance is reused per packet.
 *
 * <p>The table stores a key as a compact {@code long[]}: three header words (attributes present,
 * attributes in long form, peer addresses 16 bytes long), then per present attribute, in
 * attribute-number order, either one word (value and mask both within their first four bytes:
 * value in the top half, mask in the bottom half) or four (value hi, value lo, mask hi, mask lo).
 * Two keys are the same flow exactly when their encodings are equal.
 */
public final class FlowKey {
  /** Longest encoding: three header words and four words per attribute. */
  public static final int MAX_WORDS = 3 + 4 * Attribute.LIMIT;

  private static final long LOW32 = 0xFFFF_FFFFL;
  private static final int IPV4_LENGTH = 4;
  private static final int IPV6_LENGTH = 16;
  private static final int SOURCE_PEER_TYPE = Attribute.SOURCE_PEER_TYPE.number();
  private static final int SOURCE_PEER_ADDRESS = Attribute.SOURCE_PEER_ADDRESS.number();
  private static final int DEST_PEER_TYPE = Attribute.DEST_PEER_TYPE.number();
  private static final int[] NUMBER_SHIFT = numberShifts();

  private long present;
  private long wide;
  private final long[] valueHi = new long[Attribute.LIMIT];
  private final long[] valueLo = new long[Attribute.LIMIT];
  private final long[] maskHi = new long[Attribute.LIMIT];
  private final long[] maskLo = new long[Attribute.LIMIT];

  /** Zeroes every attribute. */
  public void clear() {
    present = 0;
    wide = 0;
  }

  /**
   * Sets one attribute from a pattern-queue entry; a later entry for the same attribute replaces
   * an earlier one. Address bits outside the mask are zeroed (RFC 2722 §3.1).
   *
   * @param length the value's length in bytes (16 marks an IPv6-sized peer address)
   */
  public void set(int attribute, long vHi, long vLo, long mHi, long mLo, int length) {
    if (attribute == 0) {
      return; // Null is a PME attribute, never part of a flow (RFC 2722 §4.4).
    }
    long bit = 1L << attribute;
    present |= bit;
    if (isAddress(attribute)) {
      vHi &= mHi;
      vLo &= mLo;
    }
    valueHi[attribute] = vHi;
    valueLo[attribute] = vLo;
    maskHi[attribute] = mHi;
    maskLo[attribute] = mLo;
    if (length > IPV4_LENGTH && isPeerAddress(attribute)) {
      wide |= bit;
    } else {
      wide &= ~bit;
    }
  }

  /** Encodes the key as the table stores it; returns the number of words written. */
  public int encode(long[] out) {
    return encode(out, false);
  }

  /**
   * Encodes the key of the flow the other way round, for RFC 2722's current(D->S): the source and
   * destination addresses (adjacent, peer, transport), subscriber IDs, SourceClass/DestClass and
   * SourceKind/DestKind swap. Interface and type attributes do not: a packet has one interface,
   * one PeerType and one TransType whichever way it is matched (the PME reads the same value for
   * SourcePeerType and DestPeerType), so a rule set that saves only SourcePeerType, as NeTraMet's
   * did, saves that same attribute when matching D->S.
   */
  public int encodeReversed(long[] out) {
    return encode(out, true);
  }

  private int encode(long[] out, boolean reversed) {
    long p = reversed ? reverseBits(present) : present;
    long w = reversed ? reverseBits(wide) : wide;
    long longForm = 0;
    int n = 3;
    long bits = p;
    while (bits != 0) {
      int a = Long.numberOfTrailingZeros(bits);
      bits &= bits - 1;
      int from = reversed ? reverse(a) : a;
      long vh = valueHi[from];
      long vl = valueLo[from];
      long mh = maskHi[from];
      long ml = maskLo[from];
      if (vl == 0 && ml == 0 && (vh & LOW32) == 0 && (mh & LOW32) == 0) {
        out[n++] = vh | (mh >>> 32);
      } else {
        longForm |= 1L << a;
        out[n++] = vh;
        out[n++] = vl;
        out[n++] = mh;
        out[n++] = ml;
      }
    }
    out[0] = p;
    out[1] = longForm;
    out[2] = w;
    return n;
  }

  private static long reverseBits(long set) {
    long out = 0;
    long bits = set;
    while (bits != 0) {
      int a = Long.numberOfTrailingZeros(bits);
      bits &= bits - 1;
      out |= 1L << reverse(a);
    }
    return out;
  }

  /** The attribute that holds the other end's value in a reversed key (see encodeReversed). */
  static int reverse(int attribute) {
    switch (attribute) {
      case 4, 14, 5, 15, 8, 18, 11, 21:
        return attribute; // interfaces and types describe the packet, not one end
      default:
        return Attribute.reversedNumber(attribute);
    }
  }

  /** Reads back a stored encoding (cold path: output, MIB). */
  public void decode(long[] key) {
    present = key[0];
    long longForm = key[1];
    wide = key[2];
    int n = 3;
    long bits = present;
    while (bits != 0) {
      int a = Long.numberOfTrailingZeros(bits);
      bits &= bits - 1;
      if ((longForm & (1L << a)) != 0) {
        valueHi[a] = key[n++];
        valueLo[a] = key[n++];
        maskHi[a] = key[n++];
        maskLo[a] = key[n++];
      } else {
        long word = key[n++];
        valueHi[a] = word & ~LOW32;
        valueLo[a] = 0;
        maskHi[a] = word << 32;
        maskLo[a] = 0;
      }
    }
  }

  /** True when the key holds this attribute. */
  public boolean has(int attribute) {
    return (present & (1L << attribute)) != 0;
  }

  public long valueHi(int attribute) {
    return has(attribute) ? valueHi[attribute] : 0;
  }

  public long valueLo(int attribute) {
    return has(attribute) ? valueLo[attribute] : 0;
  }

  public long maskHi(int attribute) {
    return has(attribute) ? maskHi[attribute] : 0;
  }

  public long maskLo(int attribute) {
    return has(attribute) ? maskLo[attribute] : 0;
  }

  /** Bytes of the attribute's value: 16 for an IPv6-sized peer address, else its width. */
  public int length(int attribute) {
    if (isPeerAddress(attribute)) {
      return (wide & (1L << attribute)) != 0 ? IPV6_LENGTH : IPV4_LENGTH;
    }
    Attribute a = Attribute.byNumber(attribute);
    return a == null ? 0 : a.width();
  }

  /** The value of a one- or two-byte attribute (types, ports, interfaces, classes) as a number. */
  public int number(int attribute) {
    return has(attribute) ? (int) (valueHi[attribute] >>> NUMBER_SHIFT[attribute]) : 0;
  }

  /**
   * Length in bytes of a peer address (SourcePeerAddress or DestPeerAddress): 16 when the flow's
   * PeerType says ipv6(2), 4 when it says ipv4(1), otherwise as long as the value that was saved.
   * The PeerType of the address's own end is asked first, then the other end's (a rule set may
   * save only one of them, see {@link #encodeReversed}). The one rule for the flow CSV's address
   * text and the MIB's octet strings.
   */
  public int peerAddressLength(int attribute) {
    int own = attribute == SOURCE_PEER_ADDRESS ? SOURCE_PEER_TYPE : DEST_PEER_TYPE;
    int other = own == SOURCE_PEER_TYPE ? DEST_PEER_TYPE : SOURCE_PEER_TYPE;
    int type = has(own) ? number(own) : has(other) ? number(other) : 0;
    if (type == DecodedPacket.PEER_IPV4) {
      return IPV4_LENGTH;
    }
    if (type == DecodedPacket.PEER_IPV6) {
      return IPV6_LENGTH;
    }
    return length(attribute) == IPV6_LENGTH ? IPV6_LENGTH : IPV4_LENGTH;
  }

  /**
   * Per attribute number, how far {@link #number} shifts the left-aligned value down: by the
   * attribute's width, at most four bytes (an unknown number counts as one byte).
   */
  private static int[] numberShifts() {
    int[] shift = new int[Attribute.LIMIT];
    for (int n = 0; n < shift.length; n++) {
      Attribute a = Attribute.byNumber(n);
      int width = a == null ? 1 : Math.min(a.width(), Integer.BYTES);
      shift[n] = Long.SIZE - Byte.SIZE * width;
    }
    return shift;
  }

  static boolean isAddress(int attribute) {
    return attribute == 6 || attribute == 9 || attribute == 12 || attribute == 16
        || attribute == 19 || attribute == 22;
  }

  static boolean isPeerAddress(int attribute) {
    return attribute == 9 || attribute == 19;
  }

  /** Hash of an encoded key and its rule set, well mixed for open addressing. */
  public static int hash(int ruleSet, long[] key, int length) {
    long h = 0x9E37_79B9_7F4A_7C15L * (ruleSet + 1);
    for (int i = 0; i < length; i++) {
      h = (h ^ key[i]) * 0xBF58_476D_1CE4_E5B9L;
      h ^= h >>> 31;
    }
    h *= 0x94D0_49BB_1331_11EBL;
    return (int) (h ^ (h >>> 32));
  }
}
