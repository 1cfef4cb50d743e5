package org.rtfm4j.flow;

/**
 * A copy of one flow record as it stood at one moment: what a reader collects and what the flow
 * CSV writes. The key array is shared with the table, which never changes a key once stored.
 *
 * @param flowIndex 1-origin FlowIndex
 * @param key the encoded flow key (see {@link FlowKey#decode})
 * @param firstTime FirstTime, centiseconds of meter time
 * @param lastActiveTime LastActiveTime, centiseconds of meter time
 */
public record FlowRecord(int ruleSet, int flowIndex, long[] key, long firstTime,
    long lastActiveTime, long toOctets, long toPdus, long fromOctets, long fromPdus) {}
