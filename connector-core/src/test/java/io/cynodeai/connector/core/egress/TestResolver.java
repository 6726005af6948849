package io.cynodeai.connector.core.egress;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A DNS stand-in: fixed answers, and a record of every name it was asked about. */
public final class TestResolver implements HostResolver {
  private final Map<String, List<InetAddress>> answers = new ConcurrentHashMap<>();
  public final List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();

  public TestResolver answer(String name, String... literals) {
    List<InetAddress> addresses = new ArrayList<>();
    for (String literal : literals) {
      addresses.add(literal(literal));
    }
    answers.put(name, List.copyOf(addresses));
    return this;
  }

  /** Answers with an IPv4-mapped IPv6 address object, as a hostile resolver could. */
  public TestResolver answerMapped(String name, int a, int b, int c, int d) {
    byte[] bytes = new byte[16];
    bytes[10] = (byte) 0xff;
    bytes[11] = (byte) 0xff;
    bytes[12] = (byte) a;
    bytes[13] = (byte) b;
    bytes[14] = (byte) c;
    bytes[15] = (byte) d;
    try {
      answers.put(name, List.of(Inet6Address.getByAddress(name, bytes, -1)));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    return this;
  }

  @Override
  public List<InetAddress> resolve(String host) throws UnknownHostException {
    asked.add(host);
    List<InetAddress> found = answers.get(host);
    if (found == null) {
      throw new UnknownHostException(host);
    }
    return found;
  }

  private static InetAddress literal(String text) {
    try {
      return InetAddress.getByName(text); // test literals only
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}
