package org.rtfm4j.reader;

import java.nio.file.Path;

/**
 * What one durable pass did.
 *
 * @param seq its number
 * @param file its flow data file
 * @param flows flows written
 * @param lastTimeSet true when it began by setting flowReaderLastTime
 * @param from its TimeFilter (meter time)
 * @param start meter time it began at
 * @param restart why its data starts afresh, or null
 * @param note anything else it noticed (the rule set changed), or null
 */
public record PassResult(long seq, Path file, long flows, boolean lastTimeSet, long from,
    long start, String restart, String note) {}
