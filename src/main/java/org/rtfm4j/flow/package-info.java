/**
 * The flow table of RFC 2722 §4.2 and §4.5: flow keys, flow records with rolling counters and
 * timestamps, recovery of idle flows once every registered reader has collected them, and the
 * CSV form of flow records.
 */
package org.rtfm4j.flow;
