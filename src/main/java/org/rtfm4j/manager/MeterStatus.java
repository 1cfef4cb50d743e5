package org.rtfm4j.manager;

import java.util.List;

/**
 * What {@code status} shows of one meter: its clock, the flowControl scalars (RFC 2720 §4) and
 * its control tables.
 *
 * @param upTime sysUpTime, centiseconds
 * @param activeFlows flowActiveFlows
 * @param maxFlows flowMaxFlows
 * @param floodMode flowFloodMode
 * @param floodMark flowFloodMark, percent
 * @param inactivityTimeout flowInactivityTimeout, seconds
 * @param ruleSets flowRuleSetInfoTable
 * @param tasks flowManagerInfoTable
 * @param readers flowReaderInfoTable
 * @param interfaces flowInterfaceTable
 */
public record MeterStatus(long upTime, int activeFlows, int maxFlows, boolean floodMode,
    int floodMark, int inactivityTimeout, List<RuleSetInfo> ruleSets, List<TaskInfo> tasks,
    List<ReaderInfo> readers, List<InterfaceInfo> interfaces) {

  public MeterStatus {
    ruleSets = List.copyOf(ruleSets);
    tasks = List.copyOf(tasks);
    readers = List.copyOf(readers);
    interfaces = List.copyOf(interfaces);
  }
}
