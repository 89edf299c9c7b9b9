package io.rapport.http.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxies whose {@code X-Forwarded-For} the API believes ({@code RAPPORT_TRUSTED_PROXIES}:
 * comma-separated addresses or CIDR blocks, none by default). Behind a reverse proxy every client
 * comes from the proxy's address, so without it all anonymous clients share one rate-limit bucket;
 * with it, a request from a trusted proxy is the client's at the rightmost address of {@code
 * X-Forwarded-For} that is not itself a trusted proxy. The header is never read from anyone else,
 * since any client can write one.
 */
public final class TrustedProxies {
    /** No proxy is trusted: the caller is the socket's peer. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            int mask = rest == 0 ? 0 : (0xFF << (8 - rest)) & 0xFF;
            return rest == 0 || (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /**
     * Parses {@code 10.0.0.5, 172.16.0.0/12, ::1}: literal addresses only (no host names, which
     * would need a lookup).
     *
     * @throws IllegalArgumentException naming the entry that is no address or block
     */
    public static TrustedProxies parse(String text) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : text.split(",")) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            int slash = e.indexOf('/');
            byte[] network = literal(slash < 0 ? e : e.substring(0, slash));
            int prefix;
            try {
                prefix = slash < 0
                        ? network == null ? -1 : network.length * 8
                        : Integer.parseInt(e.substring(slash + 1));
            } catch (NumberFormatException ex) {
                prefix = -1;
            }
            if (network == null || prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException(
                        "'" + e + "' is not an IP address or CIDR block (e.g. 10.0.0.5 or 172.16.0.0/12)");
            }
            blocks.add(new Block(network, prefix));
        }
        return blocks.isEmpty() ? NONE : new TrustedProxies(blocks);
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /**
     * The client of a request from {@code peer}: the peer itself unless it is a trusted proxy; else
     * the rightmost address of the {@code X-Forwarded-For} lines that is not a trusted proxy (the
     * leftmost when all are), or the peer when there is none.
     */
    public String client(String peer, List<String> forwardedFor) {
        if (blocks.isEmpty() || !trusted(peer) || forwardedFor.isEmpty()) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String line : forwardedFor) {
            for (String hop : line.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.strip());
                }
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (!trusted(hops.get(i))) {
                return hops.get(i);
            }
        }
        return hops.isEmpty() ? peer : hops.get(0);
    }

    private boolean trusted(String address) {
        byte[] bytes = literal(address);
        return bytes != null && blocks.stream().anyMatch(b -> b.contains(bytes));
    }

    /** The bytes of a literal IPv4 or IPv6 address, null for anything else (never a name lookup). */
    static byte[] literal(String text) {
        String t = text.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        boolean v4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (v4) {
            for (String octet : t.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return null; // InetAddress would look such a string up as a host name
                }
            }
        }
        boolean v6 = t.indexOf(':') >= 0 && t.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(t).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
