package org.rtfm4j.corpus;

/**
 * A two-way five-tuple (RFC 2722 section 2.3: a flow is counted in both directions), its two
 * endpoints in a canonical order so either direction finds the same key.
 *
 * @param protocol upper-layer protocol number
 * @param low the endpoint that sorts first (address text, then port)
 * @param high the other endpoint
 */
record FlowKey(int protocol, Endpoint low, Endpoint high) {

  /** One end of a flow: canonical address text and port (0 when the protocol has none). */
  record Endpoint(String address, int port) implements Comparable<Endpoint> {
    @Override
    public int compareTo(Endpoint o) {
      int c = address.compareTo(o.address);
      return c != 0 ? c : Integer.compare(port, o.port);
    }

    @Override
    public String toString() {
      return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }
  }

  /** The key of a packet or record from {@code src} to {@code dst}. */
  static FlowKey of(int protocol, Endpoint src, Endpoint dst) {
    return src.compareTo(dst) <= 0
        ? new FlowKey(protocol, src, dst)
        : new FlowKey(protocol, dst, src);
  }

  /** Direction index of a packet sent by {@code src}: 0 = low to high, 1 = high to low. */
  int direction(Endpoint src) {
    return src.equals(low) ? 0 : 1;
  }

  /** 4 or 6. */
  int ipVersion() {
    return Addresses.version(low.address());
  }

  /** The same flow with both ports 0: how flows of protocols without ports are compared. */
  FlowKey withoutPorts() {
    return of(protocol, new Endpoint(low.address(), 0), new Endpoint(high.address(), 0));
  }

  @Override
  public String toString() {
    return ProtocolNames.name(protocol) + " " + low + " <-> " + high;
  }
}
