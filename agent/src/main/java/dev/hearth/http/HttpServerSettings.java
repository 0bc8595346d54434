package dev.hearth.http;

import dev.hearth.config.AgentConfig;
import dev.hearth.config.ConfigException;
import java.nio.file.Path;

/**
 * What the HTTP server needs from {@code http:} in agent.yaml, with files already read.
 *
 * There is no unauthenticated form: every endpoint but {@code /healthz} needs a bearer token or a
 * verified client certificate, whatever the address.
 *
 * @param token       null only when client certificates are verified instead
 * @param tls         null for plain HTTP
 * @param maxBodySize bytes; a larger request body gets 413
 * @param openMonitoring {@code /readyz} and {@code /metrics} answer without credentials: only with the
 *                       token the agent made itself on a loopback address (see {@link #from})
 */
public record HttpServerSettings(
        ListenAddress listen, BearerAuth token, TlsSettings tls, int maxBodySize, boolean openMonitoring) {

    public HttpServerSettings {
        if (listen == null) throw new ConfigException("http.listen: missing");
        if (maxBodySize < 1) throw new ConfigException("http.max_body_size: must be at least 1 byte");
        if (token == null && (tls == null || !tls.verifiesClients())) {
            throw new ConfigException(
                    listen.isLoopback()
                            ? "http: neither a bearer token nor http.tls_client_ca is set; refusing to serve the API unauthenticated"
                            : unauthenticatedRemote(listen));
        }
        if (openMonitoring && !listen.isLoopback()) {
            throw new ConfigException(
                    "http.listen: " + listen + ": monitoring without credentials is for loopback only");
        }
    }

    /** Every endpoint but {@code /healthz} needs credentials. */
    public HttpServerSettings(ListenAddress listen, BearerAuth token, TlsSettings tls, int maxBodySize) {
        this(listen, token, tls, maxBodySize, false);
    }

    private static String unauthenticatedRemote(ListenAddress listen) {
        return "http.listen: " + listen + " is reachable from other machines but neither "
                + "http.token_file nor http.tls_client_ca is set; refusing to serve the API unauthenticated "
                + "(set one of them, or listen on 127.0.0.1)";
    }

    /** False when {@code http.listen} is empty: the agent then runs without an HTTP server. */
    public static boolean enabled(AgentConfig.Http http) {
        return http.listen() != null && !http.listen().isBlank();
    }

    /**
     * Reads the token file and the TLS material named by the config; call only when {@link #enabled}.
     * On a loopback address with neither {@code http.token_file} nor {@code http.tls_client_ca}, the
     * token is {@link ApiToken}'s under {@code stateDir} (made on first start), so that no local user
     * but root can push or read deployments; {@code /readyz} and {@code /metrics} then stay open to
     * local monitoring, as before. A configured token or client CA guards them too.
     */
    public static HttpServerSettings from(AgentConfig.Http http, Path stateDir) {
        ListenAddress listen = ListenAddress.parse(http.listen());
        BearerAuth token = http.tokenFile() == null ? null : BearerAuth.fromFile(http.tokenFile());
        boolean madeToken = token == null && http.tlsClientCa() == null;
        if (madeToken) {
            if (!listen.isLoopback()) throw new ConfigException(unauthenticatedRemote(listen));
            token = ApiToken.loadOrCreate(ApiToken.defaultFile(stateDir));
        }
        TlsSettings tls = null;
        if (http.tlsCert() != null || http.tlsKey() != null) {
            tls = TlsSettings.fromPem(http.tlsCert(), http.tlsKey(), http.tlsClientCa());
        } else if (http.tlsClientCa() != null) {
            throw new ConfigException("http.tls_client_ca needs http.tls_cert and http.tls_key");
        }
        long max = http.maxBodySize();
        if (max > Integer.MAX_VALUE - 8) {
            throw new ConfigException("http.max_body_size: at most " + (Integer.MAX_VALUE - 8) + " bytes");
        }
        return new HttpServerSettings(listen, token, tls, (int) max, madeToken);
    }

    public AuthPolicy authPolicy() {
        return new AuthPolicy(token, tls != null && tls.verifiesClients(), openMonitoring);
    }
}
