package org.rtfm4j.manager;

/**
 * One flowReaderInfoTable row (RFC 2720): a meter reader registered with the meter.
 *
 * @param index flowReaderIndex
 * @param timeout flowReaderTimeout, seconds
 * @param owner flowReaderOwner
 * @param lastTime flowReaderLastTime, meter uptime in centiseconds
 * @param previousTime flowReaderPreviousTime
 * @param status flowReaderStatus, a RowStatus
 * @param ruleSet flowReaderRuleSet, or 0 when not written
 */
public record ReaderInfo(int index, int timeout, String owner, long lastTime, long previousTime,
    int status, int ruleSet) {}
