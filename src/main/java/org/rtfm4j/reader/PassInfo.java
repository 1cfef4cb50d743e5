package org.rtfm4j.reader;

import java.time.Instant;

/**
 * What a flow data file says about its collection (its header).
 *
 * @param meter the meter, HOST:PORT
 * @param ruleSet the rule set read
 * @param seq the pass number, from 1, per meter and rule set
 * @param time when the pass began (wall clock)
 * @param start meter time (centiseconds) the pass began at: flowReaderLastTime as the pass set
 *     it, or the meter's sysUpTime when it did not set it
 * @param from the TimeFilter: the pass holds every flow last active at or after this meter time
 * @param owner flowReaderOwner
 * @param readerIndex flowReaderIndex
 * @param lastTimeSet true when the pass began by setting flowReaderLastTime
 * @param method package, column or table
 * @param restart why the data starts afresh here (the meter restarted, ...), or null
 * @param note anything else worth saying (the rule set changed), or null
 */
record PassInfo(String meter, int ruleSet, long seq, Instant time, long start, long from,
    String owner, int readerIndex, boolean lastTimeSet, String method, String restart,
    String note) {}
