/**
 * The Packet Matching Engine of RFC 2722 §4.3-4.4: rule sets laid out for the virtual machine and
 * the machine that runs them over one packet in one direction, answering Ignore, NoMatch or Count
 * with a flow key.
 */
package org.rtfm4j.match;
