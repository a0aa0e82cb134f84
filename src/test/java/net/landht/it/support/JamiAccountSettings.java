package net.landht.it.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of one Jami (RING) account made for a test, with every setting that names public infrastructure
 * emptied or switched off, so the daemon talks only to what the test runs: DHT bootstrap {@code bootstrap}
 * ("host:port"), no proxy list URL, the DHT proxy only when {@code proxyServer} is set, a name server URL that the test
 * chooses (default: a loopback port nobody serves, since an empty {@code RingNS.uri} means ns.jami.net), no TURN,
 * no UPnP, no local peer or account discovery, an unencrypted archive (no password to derive a key from).
 *
 * <p>Keys and defaults: jami-daemon 13.7's {@code getAccountTemplate("RING")} ({@code Account.hostname} =
 * bootstrap.jami.net, {@code Account.proxyServer} = dhtproxy.jami.net:[80-95], {@code Account.dhtProxyListUrl} =
 * https://config.jami.net/proxyList, {@code TURN.server} = turn.jami.net, UPnP on); fact sheets dht-proxy.md §11 and
 * name-server.md §1.
 *
 * @param alias       the account's display alias (free text)
 * @param bootstrap   {@code Account.hostname}: "host:port" of the DHT node to bootstrap from
 * @param proxyServer {@code Account.proxyServer} ("host:port"), or null for a plain DHT account
 * @param nameServer  {@code RingNS.uri}, a full URL
 */
public record JamiAccountSettings(String alias, String bootstrap, String proxyServer, String nameServer) {

    /** A loopback URL where nothing listens: lookups fail fast instead of reaching ns.jami.net. */
    public static final String NO_NAME_SERVER = "http://127.0.0.1:1";

    /** A plain DHT account whose only bootstrap node is {@code bootstrap}. */
    public static JamiAccountSettings dht(String alias, String bootstrap) {
        return new JamiAccountSettings(alias, bootstrap, null, NO_NAME_SERVER);
    }

    /**
     * An account in DHT proxy mode through {@code proxyServer} ("host:port"), with no proxy list; {@code bootstrap}
     * is still set (to the test's node, never the public default) though a proxy-mode daemon runs no DHT node.
     */
    public static JamiAccountSettings proxy(String alias, String proxyServer, String bootstrap) {
        return new JamiAccountSettings(alias, bootstrap, proxyServer, NO_NAME_SERVER);
    }

    /** These settings with {@code RingNS.uri} = {@code url} (a name server the test runs, e.g. landht's). */
    public JamiAccountSettings withNameServer(String url) {
        return new JamiAccountSettings(alias, bootstrap, proxyServer, url);
    }

    public boolean proxyMode() {
        return proxyServer != null;
    }

    /** The details map for {@code addAccount} (every value a string, as the D-Bus a{ss} wants). */
    public Map<String, String> details() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("Account.type", "RING");
        d.put("Account.alias", alias);
        d.put("Account.archivePassword", "");
        d.put("Account.hostname", bootstrap);
        d.put("Account.dhtProxyListUrl", "");
        d.put("Account.proxyEnabled", Boolean.toString(proxyMode()));
        d.put("Account.proxyServer", proxyMode() ? proxyServer : "");
        d.put("RingNS.uri", nameServer);
        d.put("TURN.enable", "false");
        d.put("TURN.server", "");
        d.put("Account.upnpEnabled", "false");
        d.put("Account.peerDiscovery", "false");
        d.put("Account.accountDiscovery", "false");
        d.put("Account.accountPublish", "false");
        return d;
    }
}
