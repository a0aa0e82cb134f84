package net.landht.proxy;

import java.net.Inet4Address;
import java.net.InetAddress;

import io.netty.util.NetUtil;

import net.landht.dht.DhtClient;
import net.landht.http.JsonText;

/**
 * The node info of {@code GET /} and {@code GET /node/info} (OpenDHT src/callbacks.cpp {@code NodeInfo::toJson},
 * src/dht_proxy_server.cpp {@code getNodeInfo}; fact sheet §3), computed from {@link DhtClient#status()} on each
 * request: {@code ipv4}/{@code ipv6} counts, {@code node_id}, {@code ops}, {@code public_ip} (the client's TCP
 * address, an IPv4 one in {@code ::ffff:a.b.c.d} form as OpenDHT's IPv6 socket shows it), and the 3.7.1 fields
 * ({@code storage_*}, {@code local_storage_*}, {@code port_ipv4}, {@code port_ipv6}). Jamid registers only when
 * {@code good} is above 0: a landht that knows no other node still counts itself.
 */
final class NodeInfoJson {
    private NodeInfoJson() {
    }

    /** The node info object; {@code publicIp} null leaves {@code public_ip} out (as in {@code /node/stats}). */
    static String write(DhtClient.NodeStatus s, InetAddress publicIp) {
        int good4 = s.good4();
        int good6 = s.good6();
        if (good4 + good6 == 0) {  // landht itself is a good node of its LAN, whatever the table says
            if (s.port6() != 0 && s.port4() == 0) {
                good6 = 1;
            } else {
                good4 = 1;
            }
        }
        StringBuilder b = new StringBuilder(320);
        b.append("{\"ipv4\":");
        family(b, good4, s.dubious4());
        b.append(",\"ipv6\":");
        family(b, good6, s.dubious6());
        b.append(",\"local_storage_size\":").append(s.storedBytes());
        b.append(",\"local_storage_values\":").append(s.storedValues());
        b.append(",\"node_id\":\"").append(s.nodeId().toHex()).append('"');
        b.append(",\"ops\":").append(s.operations());
        b.append(",\"port_ipv4\":").append(s.port4());
        b.append(",\"port_ipv6\":").append(s.port6());
        if (publicIp != null) {
            b.append(",\"public_ip\":");
            JsonText.appendQuoted(b, publicIp(publicIp));
        }
        b.append(",\"storage_size\":").append(s.storedBytes());
        b.append(",\"storage_values\":").append(s.storedValues());
        return b.append('}').toString();
    }

    /** {@code ::ffff:a.b.c.d} for IPv4, the RFC 5952 text for IPv6 (no scope, no port). */
    static String publicIp(InetAddress a) {
        if (a instanceof Inet4Address) {
            return "::ffff:" + a.getHostAddress();
        }
        return NetUtil.toAddressString(a, false);
    }

    private static void family(StringBuilder b, int good, int dubious) {
        b.append("{\"dubious\":").append(dubious).append(",\"good\":").append(good).append(",\"incoming\":0}");
    }
}
