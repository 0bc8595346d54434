package dev.hearth.cli;

import dev.hearth.config.AgentConfig;
import dev.hearth.config.ConfigLoader;
import dev.hearth.http.ApiToken;
import dev.hearth.http.HttpServerSettings;
import dev.hearth.http.ListenAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How a CLI command finds and authenticates to the local agent: {@code --url}, {@code --token-file},
 * {@code --client-cert}/{@code --client-key}, or agent.yaml's {@code http} section and {@code state_dir}.
 */
public final class AgentOptions {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "Agent configuration to take the URL, token and certificates from (default: ${DEFAULT-VALUE}; "
                            + "a missing default file means built-in defaults).",
            defaultValue = "/etc/hearth/agent.yaml")
    Path config;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "Base URL of the agent's API, e.g. https://node1:8765 (default: http.url from the "
                    + "configuration, else the Unix socket http.socket when it exists, else http(s)://<http.listen>).")
    String url;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "File holding the bearer token (default: http.token_file from the configuration, else the "
                    + "token the agent made in <state_dir>/" + ApiToken.FILE_NAME + " unless it verifies client "
                    + "certificates instead).")
    Path tokenFile;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description =
                    "The agent's state_dir, where it keeps the token it made (default: state_dir from the configuration).")
    Path stateDir;

    @Option(
            names = "--client-cert",
            paramLabel = "FILE",
            description = "PEM client certificate to present when the agent requires one (http.tls_client_ca) "
                    + "(default: http.client_cert from the configuration).")
    Path clientCert;

    @Option(
            names = "--client-key",
            paramLabel = "FILE",
            description = "PKCS#8 PEM key of --client-cert (default: http.client_key from the configuration).")
    Path clientKey;

    /** Resolves URL, credentials and TLS trust; reads the config only when something is not given on the command line. */
    AgentClient connect() {
        boolean explicit = !config.equals(AgentConfig.DEFAULT_CONFIG_FILE);
        AgentConfig loaded = new ConfigLoader().load(config, explicit);
        AgentConfig.Http http = loaded.http();
        // The socket first, as docker does: when this user may open it, no token or certificate is needed.
        if (url == null
                && http.url() == null
                && tokenFile == null
                && clientCert == null
                && http.socket() != null
                && Files.exists(http.socket())) {
            return new AgentClient(http.socket());
        }
        if (url == null && http.url() == null && !HttpServerSettings.enabled(http)) {
            throw new CliException(
                    "the agent's HTTP API is disabled in " + config + " (http.listen is empty); pass --url");
        }
        URI base = URI.create(stripSlash(
                url != null
                        ? url
                        : http.url() != null
                                ? http.url()
                                : ListenAddress.parse(http.listen()).localUrl(http.tlsCert() != null)));
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
            throw new CliException("--url: " + base + " is not an http:// or https:// URL");
        }
        AgentClient.Credentials token = token(http, stateDir != null ? stateDir : loaded.stateDir());
        return new AgentClient(base, token, http.tlsCert(), identity(http));
    }

    private AgentClient.Credentials token(AgentConfig.Http http, Path state) {
        if (tokenFile != null) return AgentClient.Credentials.of(AgentClient.readToken(tokenFile));
        if (http.tokenFile() != null) return AgentClient.Credentials.of(AgentClient.readToken(http.tokenFile()));
        // An agent that verifies client certificates and names no token file has no token.
        if (http.tlsClientCa() != null) return AgentClient.Credentials.of(null);
        // The agent's own token: without it the request goes out bare and the agent's 401 says why.
        Path made = ApiToken.defaultFile(state);
        try {
            return AgentClient.Credentials.of(AgentClient.readToken(made));
        } catch (CliException unreadable) {
            return new AgentClient.Credentials(null, unreadable.getMessage());
        }
    }

    private AgentClient.Identity identity(AgentConfig.Http http) {
        Path cert = clientCert != null ? clientCert : clientKey == null ? http.clientCert() : null;
        Path key = clientKey != null ? clientKey : clientCert == null ? http.clientKey() : null;
        if (cert == null && key == null) return null;
        if (cert == null || key == null) {
            throw new CliException(
                    clientCert != null || clientKey != null
                            ? "--client-cert and --client-key go together: pass both"
                            : "http.client_cert and http.client_key go together: set both in " + config);
        }
        return new AgentClient.Identity(cert, key);
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
