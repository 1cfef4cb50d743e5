/**
 * Packet decoding: captured bytes to the RFC 2722 §4.3 match key ({@link
 * org.rtfm4j.packet.DecodedPacket}), allocation-free, with a bounded fragment table so later
 * fragments are counted in the flow of their first fragment.
 */
package org.rtfm4j.packet;
