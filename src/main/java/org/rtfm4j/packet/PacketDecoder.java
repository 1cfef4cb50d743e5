package org.rtfm4j.packet;

/** STUB: replaced by the decoder branch. */
public final class PacketDecoder {
  public DecodeResult decode(int linkType, byte[] data, int offset, int capturedLength,
      int wireLength, DecodedPacket out) {
    out.clear();
    return DecodeResult.UNSUPPORTED_LINK_TYPE;
  }

  public MalformedReason lastMalformedReason() {
    return MalformedReason.LINK_HEADER_TRUNCATED;
  }
}
