package dev.hearth.http;

import dev.hearth.config.AgentConfig;
import dev.hearth.config.ConfigException;

/**
 * What the HTTP server needs from {@code http:} in agent.yaml, with files already read.
 *
 * @param token       null when no token file is configured
 * @param tls         null for plain HTTP
 * @param maxBodySize bytes; a larger request body gets 413
 */
public record HttpServerSettings(ListenAddress listen, BearerAuth token, TlsSettings tls, int maxBodySize) {

    public HttpServerSettings {
        if (listen == null) throw new ConfigException("http.listen: missing");
        if (maxBodySize < 1) throw new ConfigException("http.max_body_size: must be at least 1 byte");
        if (!listen.isLoopback() && token == null && (tls == null || !tls.verifiesClients())) {
            throw new ConfigException("http.listen: " + listen + " is reachable from other machines but neither "
                    + "http.token_file nor http.tls_client_ca is set; refusing to serve the API unauthenticated "
                    + "(set one of them, or listen on 127.0.0.1)");
        }
    }

    /** False when {@code http.listen} is empty: the agent then runs without an HTTP server. */
    public static boolean enabled(AgentConfig.Http http) {
        return http.listen() != null && !http.listen().isBlank();
    }

    /** Reads the token file and the TLS material named by the config; call only when {@link #enabled}. */
    public static HttpServerSettings from(AgentConfig.Http http) {
        ListenAddress listen = ListenAddress.parse(http.listen());
        BearerAuth token = http.tokenFile() == null ? null : BearerAuth.fromFile(http.tokenFile());
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
        return new HttpServerSettings(listen, token, tls, (int) max);
    }

    public AuthPolicy authPolicy() {
        return new AuthPolicy(token, tls != null && tls.verifiesClients());
    }
}
