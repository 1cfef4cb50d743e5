package org.rtfm4j.reader;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.rtfm4j.format.FlowCsvFormat;
import org.rtfm4j.rules.Attribute;
import org.rtfm4j.rules.AttributeSyntax;

/**
 * What a line of flow data holds: flow attributes in order, with NeTraMet FORMAT separators
 * between them (only the NeTraMet format writes those), and, with deltas, a {@code d_} column per
 * counter: its growth since this reader last wrote the flow (as fd_filter's d_ columns).
 *
 * @param items attributes and separators, in order
 * @param deltas true for the d_ columns
 */
public record FlowLayout(List<Item> items, boolean deltas) {
  /** One attribute, or one separator (exactly one of the two is set). */
  public record Item(Attribute attribute, String separator) {}

  /** The counters a d_ column can follow. */
  static final List<Attribute> COUNTERS = List.of(Attribute.TO_OCTETS, Attribute.TO_PDUS,
      Attribute.FROM_OCTETS, Attribute.FROM_PDUS);

  public FlowLayout {
    items = List.copyOf(items);
    if (attributesOf(items).isEmpty()) {
      throw new IllegalArgumentException("a flow data line needs at least one attribute");
    }
  }

  /** The meter's flow CSV columns ({@link FlowCsvFormat#COLUMNS}): the default. */
  public static FlowLayout csvColumns(boolean deltas) {
    return of(FlowCsvFormat.COLUMNS, deltas);
  }

  /** {@code attributes}, in order, without separators. */
  public static FlowLayout of(List<Attribute> attributes, boolean deltas) {
    List<Item> l = new ArrayList<>();
    for (Attribute a : attributes) {
      l.add(new Item(a, null));
    }
    return new FlowLayout(l, deltas);
  }

  /**
   * A rule file's FORMAT ({@link org.rtfm4j.rules.RuleSet#format()}: attribute names and quoted
   * separators).
   */
  public static FlowLayout fromFormat(List<String> format, boolean deltas) {
    List<Item> l = new ArrayList<>();
    for (String s : format) {
      if (s.startsWith("\"")) {
        l.add(new Item(null, s.substring(1, s.length() - 1)));
      } else {
        l.add(new Item(attribute(s), null));
      }
    }
    return new FlowLayout(l, deltas);
  }

  /**
   * A list of RFC 2722 attribute names separated by commas or spaces (case does not matter;
   * FlowRuleSet is RuleSet).
   *
   * @throws IllegalArgumentException naming the first unknown name
   */
  public static FlowLayout parse(String names, boolean deltas) {
    List<Attribute> l = new ArrayList<>();
    for (String s : names.split("[,\\s]+")) {
      if (!s.isEmpty()) {
        l.add(attribute(s));
      }
    }
    if (l.isEmpty()) {
      throw new IllegalArgumentException("no attribute names in '" + names + "'");
    }
    return of(l, deltas);
  }

  private static Attribute attribute(String name) {
    Attribute a = Attribute.byName(name);
    if (a == null || !AttributeSyntax.valid(a.number())) {
      throw new IllegalArgumentException("'" + name + "' is not a flow attribute (RFC 2722"
          + " names of FlowAttributeNumber 1..41, e.g. SourcePeerAddress, ToOctets)");
    }
    return a;
  }

  /** The attributes, in order (a name given twice appears twice). */
  public List<Attribute> attributes() {
    return attributesOf(items);
  }

  private static List<Attribute> attributesOf(List<Item> items) {
    List<Attribute> l = new ArrayList<>();
    for (Item i : items) {
      if (i.attribute() != null) {
        l.add(i.attribute());
      }
    }
    return l;
  }

  /** The counters that get a d_ column: those among the attributes, when deltas are on. */
  public List<Attribute> deltaCounters() {
    List<Attribute> l = new ArrayList<>();
    if (deltas) {
      for (Attribute c : COUNTERS) {
        if (attributes().contains(c)) {
          l.add(c);
        }
      }
    }
    return l;
  }

  /**
   * The attributes a pass must read: those written, FirstTime (with FlowIndex it identifies a
   * flow), and LastActiveTime.
   */
  int[] wanted() {
    TreeSet<Integer> s = new TreeSet<>();
    for (Attribute a : attributes()) {
      s.add(a.number());
    }
    s.add(Attribute.FIRST_TIME.number());
    s.add(Attribute.LAST_ACTIVE_TIME.number());
    return s.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The names, for messages and headers. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Item i : items) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(i.attribute() != null ? i.attribute().rfcName()
          : '"' + i.separator() + '"');
    }
    for (Attribute c : deltaCounters()) {
      sb.append(" d_").append(c.rfcName());
    }
    return sb.toString();
  }
}
