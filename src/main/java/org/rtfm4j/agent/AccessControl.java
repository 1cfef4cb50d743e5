package org.rtfm4j.agent;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;

/**
 * Who may read and write what: SNMPv1/v2c communities (RFC 3584), SNMPv3 USM users (RFC 3414)
 * and the VACM views, groups and access entries (RFC 3415) that decide what each one may do.
 * Everything here is already checked; {@link AgentConfigFile} builds it from a configuration file.
 *
 * @param views view tree families (RFC 3415 vacmViewTreeFamilyTable)
 * @param communities community to security name mappings, in the order they are tried
 * @param groups security name to group mappings (vacmSecurityToGroupTable)
 * @param access what each group may read and write (vacmAccessTable)
 * @param users USM users with their passphrases, localized to the agent's engine at start
 * @param allowInsecureProtocols MD5 and DES are offered to USM users only when this is true
 */
public record AccessControl(
    List<View> views,
    List<Community> communities,
    List<Group> groups,
    List<Access> access,
    List<User> users,
    boolean allowInsecureProtocols) {

  /** The empty context name: the only context this agent serves (RFC 3411 §3.3.1). */
  public static final String DEFAULT_CONTEXT = "";
  /** An empty view name grants nothing (RFC 3415 §5, vacmAccessWriteViewName ''). */
  public static final String NO_VIEW = "";

  /** The whole tree the agent serves, for the built-in configuration (iso.org). */
  static final OID WHOLE_TREE = new OID("1.3");
  private static final String FULL_VIEW = "rtfm4jFullView";
  private static final String READ_SECURITY_NAME = "rtfm4jRead";
  private static final String WRITE_SECURITY_NAME = "rtfm4jWrite";
  private static final String READ_GROUP = "rtfm4jReadGroup";
  private static final String WRITE_GROUP = "rtfm4jWriteGroup";

  /** Copies the lists: the configuration cannot change under a running agent. */
  public AccessControl {
    views = List.copyOf(views);
    communities = List.copyOf(communities);
    groups = List.copyOf(groups);
    access = List.copyOf(access);
    users = List.copyOf(users);
  }

  /** RFC 3415 securityModel values as configuration lines name them. */
  public enum SecurityModel {
    /** Any model: only in access entries. */
    ANY(0),
    /** SNMPv1 community-based (RFC 3584). */
    V1(1),
    /** SNMPv2c community-based (RFC 3584). */
    V2C(2),
    /** SNMPv3 user-based (RFC 3414). */
    USM(3);

    private final int number;

    SecurityModel(int number) {
      this.number = number;
    }

    /** The SnmpSecurityModel number (RFC 3411). */
    public int number() {
      return number;
    }
  }

  /** RFC 3411 SnmpSecurityLevel: the least protection an access entry asks for. */
  public enum Level {
    /** noAuthNoPriv(1). */
    NO_AUTH(1),
    /** authNoPriv(2). */
    AUTH(2),
    /** authPriv(3). */
    PRIV(3);

    private final int number;

    Level(int number) {
      this.number = number;
    }

    /** The SnmpSecurityLevel number (RFC 3411). */
    public int number() {
      return number;
    }
  }

  /** USM authentication protocols; MD5 only with allowInsecureProtocols (RFC 6151). */
  public enum AuthProtocol {
    /** HMAC-MD5-96 (RFC 3414 §6). */
    MD5(true),
    /** HMAC-SHA-96 (RFC 3414 §7). */
    SHA(false),
    /** HMAC-SHA-224 (RFC 7860). */
    SHA224(false),
    /** HMAC-SHA-256 (RFC 7860). */
    SHA256(false),
    /** HMAC-SHA-384 (RFC 7860). */
    SHA384(false),
    /** HMAC-SHA-512 (RFC 7860). */
    SHA512(false);

    private final boolean insecure;

    AuthProtocol(boolean insecure) {
      this.insecure = insecure;
    }

    /** True when it is refused unless allowInsecureProtocols is set. */
    public boolean insecure() {
      return insecure;
    }
  }

  /** USM privacy protocols; DES only with allowInsecureProtocols (56-bit key). */
  public enum PrivProtocol {
    /** CBC-DES (RFC 3414 §8). */
    DES(true),
    /** CFB128-AES-128 (RFC 3826). */
    AES128(false),
    /** AES-192 with the key extension net-snmp calls AES-192 (draft-blumenthal-aes-usm-04). */
    AES192(false),
    /** AES-256 with the key extension net-snmp calls AES-256 (draft-blumenthal-aes-usm-04). */
    AES256(false);

    private final boolean insecure;

    PrivProtocol(boolean insecure) {
      this.insecure = insecure;
    }

    /** True when it is refused unless allowInsecureProtocols is set. */
    public boolean insecure() {
      return insecure;
    }
  }

  /**
   * One view tree family (RFC 3415 §5): the OIDs under {@code subtree}, with {@code mask} saying
   * which sub-identifiers must match (a 1 bit: must match; bits past the mask are 1).
   */
  public record View(String name, OID subtree, OctetString mask, boolean included) {
    /** Checks for nulls. */
    public View {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(subtree, "subtree");
      Objects.requireNonNull(mask, "mask");
    }
  }

  /**
   * Requests from {@code source} (null: from anywhere) carrying {@code community} act as
   * {@code securityName} (RFC 3584 §5.2.1 snmpCommunityTable).
   */
  public record Community(String community, String securityName, Source source) {
    /** Checks for nulls. */
    public Community {
      Objects.requireNonNull(community, "community");
      Objects.requireNonNull(securityName, "securityName");
    }

    /** Hides the community, which is a clear-text password. */
    @Override
    public String toString() {
      return "Community[securityName=" + securityName + ", source=" + source + "]";
    }
  }

  /** A source network: an address and how many leading bits of it must match. */
  public record Source(InetAddress address, int prefixLength) {
    /** Checks the prefix fits the address. */
    public Source {
      Objects.requireNonNull(address, "address");
      int bits = address.getAddress().length * Byte.SIZE;
      if (prefixLength < 0 || prefixLength > bits) {
        throw new IllegalArgumentException("prefix length " + prefixLength + " for " + address);
      }
    }

    @Override
    public String toString() {
      return address.getHostAddress() + "/" + prefixLength;
    }
  }

  /** {@code securityName} under {@code model} belongs to {@code group} (RFC 3415 §5). */
  public record Group(String group, SecurityModel model, String securityName) {
    /** Checks for nulls and that the model is a real one. */
    public Group {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(securityName, "securityName");
      if (model == SecurityModel.ANY) {
        throw new IllegalArgumentException("a group member has one security model, not any");
      }
    }
  }

  /**
   * Members of {@code group} using {@code model} at {@code level} or better, in a context named
   * {@code context} (or starting with it when {@code prefixMatch}) may read {@code readView} and
   * write {@code writeView} (RFC 3415 vacmAccessTable); {@link #NO_VIEW} grants nothing.
   */
  public record Access(
      String group,
      String context,
      SecurityModel model,
      Level level,
      boolean prefixMatch,
      String readView,
      String writeView,
      String notifyView) {
    /** Checks for nulls. */
    public Access {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(context, "context");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(level, "level");
      Objects.requireNonNull(readView, "readView");
      Objects.requireNonNull(writeView, "writeView");
      Objects.requireNonNull(notifyView, "notifyView");
    }
  }

  /**
   * An SNMPv3 user (RFC 3414): authentication always, privacy when {@code priv} is not null. The
   * passphrases are turned into keys localized to the agent's engine ID when it starts (RFC 3414
   * §2.6); only those keys reach the USM.
   */
  public record User(
      String name,
      AuthProtocol auth,
      String authPassphrase,
      PrivProtocol priv,
      String privPassphrase) {
    /** Checks that privacy has a passphrase exactly when it has a protocol. */
    public User {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(auth, "auth");
      Objects.requireNonNull(authPassphrase, "authPassphrase");
      if ((priv == null) != (privPassphrase == null)) {
        throw new IllegalArgumentException("privacy needs both a protocol and a passphrase");
      }
    }

    /** Never prints passphrases (RFC 3414 §11.2: they must not leak from the managed node). */
    @Override
    public String toString() {
      return "User[name=" + name + ", auth=" + auth + ", priv=" + priv + "]";
    }
  }

  /**
   * The built-in configuration: community {@code public} reads the whole tree from anywhere the
   * agent listens and nothing writes (RFC 2720 §5.1: write access lets anyone reconfigure or stop
   * the meter).
   */
  public static AccessControl readOnlyPublic() {
    return new AccessControl(
        List.of(new View(FULL_VIEW, WHOLE_TREE, new OctetString(), true)),
        List.of(new Community(SnmpAgent.READ_COMMUNITY, READ_SECURITY_NAME, null)),
        communityGroups(READ_GROUP, READ_SECURITY_NAME),
        List.of(communityAccess(READ_GROUP, NO_VIEW)),
        List.of(),
        false);
  }

  /**
   * This configuration plus {@code community} with full read-write access from anywhere (the
   * {@code --rw-community} option); the whole tree is both its read and its write view.
   */
  public AccessControl withReadWriteCommunity(String community) {
    Objects.requireNonNull(community, "community");
    List<View> v = new ArrayList<>(views);
    if (!hasView(FULL_VIEW)) {
      v.add(new View(FULL_VIEW, WHOLE_TREE, new OctetString(), true));
    }
    List<Community> c = new ArrayList<>(communities);
    c.add(new Community(community, WRITE_SECURITY_NAME, null));
    List<Group> g = new ArrayList<>(groups);
    g.addAll(communityGroups(WRITE_GROUP, WRITE_SECURITY_NAME));
    List<Access> a = new ArrayList<>(access);
    a.add(communityAccess(WRITE_GROUP, FULL_VIEW));
    return new AccessControl(v, c, g, a, users, allowInsecureProtocols);
  }

  /** True when a community with this name is configured (from any source). */
  public boolean hasCommunity(String community) {
    for (Community c : communities) {
      if (c.community().equals(community)) {
        return true;
      }
    }
    return false;
  }

  private boolean hasView(String name) {
    for (View v : views) {
      if (v.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static List<Group> communityGroups(String group, String securityName) {
    return List.of(
        new Group(group, SecurityModel.V1, securityName),
        new Group(group, SecurityModel.V2C, securityName));
  }

  private static Access communityAccess(String group, String writeView) {
    return new Access(group, DEFAULT_CONTEXT, SecurityModel.ANY, Level.NO_AUTH, false, FULL_VIEW,
        writeView, NO_VIEW);
  }
}
