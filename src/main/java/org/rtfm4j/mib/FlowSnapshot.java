package org.rtfm4j.mib;

import org.rtfm4j.flow.FlowKey;
import org.rtfm4j.flow.FlowRow;
import org.rtfm4j.flow.FlowTable;

/**
 * One flow as the MIB serves it: a consistent copy of its values taken by
 * {@link FlowTable#read(int, FlowRow)} and its key, decoded on first use. Reused from read to read
 * by one SNMP worker thread.
 */
final class FlowSnapshot {
  /** TimeStamp and TimeTicks are unsigned 32-bit centiseconds that wrap (RFC 2578 §7.1.8). */
  static final long TIME_TICKS_MASK = 0xFFFF_FFFFL;

  private final FlowRow row = new FlowRow();
  private final FlowKey key = new FlowKey();
  private int slot = -1;
  private boolean decoded;

  /** Copies the flow in {@code slot}; false when the slot holds none. */
  boolean read(FlowTable table, int slot) {
    if (!table.read(slot, row)) {
      this.slot = -1;
      return false;
    }
    this.slot = slot;
    decoded = false;
    return true;
  }

  /** The slot read last, or -1 after a failed read. */
  int slot() {
    return slot;
  }

  FlowRow row() {
    return row;
  }

  /** The flow's key, decoded once per read. */
  FlowKey key() {
    if (!decoded) {
      key.decode(row.key());
      decoded = true;
    }
    return key;
  }

  /**
   * LastActiveTime as flowDataLastActiveTime shows it: the low 32 bits of meter time. The
   * TimeFilter compares this value, so a reader's filter agrees with the values it reads.
   */
  long lastActiveTicks() {
    return row.lastActiveTime() & TIME_TICKS_MASK;
  }
}
