package dev.hearth.cli;

import dev.hearth.config.AgentConfig;
import dev.hearth.config.ConfigLoader;
import dev.hearth.http.HttpServerSettings;
import dev.hearth.http.ListenAddress;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;

/** How a CLI command finds the local agent: {@code --url}, {@code --token-file}, or agent.yaml's {@code http} section. */
public final class AgentOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Agent configuration to take the URL and token file from (default: ${DEFAULT-VALUE}; "
                    + "a missing default file means built-in defaults).",
            defaultValue = "/etc/hearth/agent.yaml")
    Path config;

    @Option(names = "--url", paramLabel = "URL",
            description = "Base URL of the agent's API, e.g. https://node1:8765 (default: http.url from the "
                    + "configuration, else http(s)://<http.listen>).")
    String url;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding the bearer token (default: http.token_file from the configuration).")
    Path tokenFile;

    /** Resolves URL, token and TLS trust; reads the config only when something is not given on the command line. */
    AgentClient connect() {
        boolean explicit = !config.equals(AgentConfig.DEFAULT_CONFIG_FILE);
        AgentConfig.Http http = new ConfigLoader().load(config, explicit).http();
        if (url == null && http.url() == null && !HttpServerSettings.enabled(http)) {
            throw new CliException("the agent's HTTP API is disabled in " + config + " (http.listen is empty); pass --url");
        }
        URI base = URI.create(stripSlash(url != null ? url
                : http.url() != null ? http.url()
                : ListenAddress.parse(http.listen()).localUrl(http.tlsCert() != null)));
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
            throw new CliException("--url: " + base + " is not an http:// or https:// URL");
        }
        Path token = tokenFile != null ? tokenFile : http.tokenFile();
        return new AgentClient(base, token == null ? null : AgentClient.readToken(token), http.tlsCert());
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
