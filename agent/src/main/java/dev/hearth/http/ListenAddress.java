package dev.hearth.http;

import dev.hearth.config.ConfigException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * {@code http.listen}: {@code host:port}, {@code [v6]:port} or {@code :port} (all addresses).
 *
 * @param host as written (without IPv6 brackets); empty for every address
 */
public record ListenAddress(String host, int port) {

    public ListenAddress {
        if (port < 0 || port > 65535) throw new ConfigException("http.listen: port " + port + " out of range");
    }

    public static ListenAddress parse(String text) {
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        if (colon < 0) throw new ConfigException("http.listen: '" + text + "' is not host:port");
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        else if (host.contains(":")) throw new ConfigException("http.listen: write an IPv6 address as [addr]:port");
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConfigException("http.listen: '" + text + "' has no numeric port");
        }
        return new ListenAddress(host, port);
    }

    public InetSocketAddress resolve() {
        if (host.isEmpty()) return new InetSocketAddress(port);
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new ConfigException("http.listen: unknown host '" + host + "'", e);
        }
    }

    /** True when only this machine can connect. */
    public boolean isLoopback() {
        InetSocketAddress a = resolve();
        return a.getAddress() != null && a.getAddress().isLoopbackAddress();
    }

    /** The URL a local client uses: a wildcard address becomes loopback. */
    public String localUrl(boolean tls) {
        String h = host;
        if (h.isEmpty() || h.equals("0.0.0.0")) h = "127.0.0.1";
        else if (h.equals("::")) h = "::1";
        if (h.contains(":")) h = "[" + h + "]";
        return (tls ? "https://" : "http://") + h + ":" + port;
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
