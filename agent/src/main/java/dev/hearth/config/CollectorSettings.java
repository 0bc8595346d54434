package dev.hearth.config;

import dev.hearth.secret.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** One section per collector, with os-collect-config's option names (docs/heat-protocol.md#collectors). */
public final class CollectorSettings {
    private CollectorSettings() {}

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** The Keystone user a collector authenticates as: the heat and zaqar collectors have the same keys. */
    public interface KeystoneUser {
        String authUrl();

        String userId();

        Secret password();

        String projectId();

        String regionName();

        Duration timeout();
    }

    public record HeatLocal(List<Path> path) {
        public HeatLocal {
            if (path == null) path = List.of(Path.of("/var/lib/heat-cfntools/cfn-init-data"));
        }
    }

    public record Local(List<Path> path) {
        public Local {
            if (path == null) path = List.of(Path.of("/var/lib/os-collect-config/local-data"));
        }
    }

    /**
     * The request collector: metadata from a URL.
     *
     * @param caCertificate PEM CAs trusted for the metadata URL and TEMP_URL_SIGNAL signals instead of the system's
     */
    public record Request(Secret metadataUrl, Duration timeout, Path caCertificate) {
        public Request {
            if (timeout == null) timeout = DEFAULT_TIMEOUT;
        }

        public Request(Secret metadataUrl, Duration timeout) {
            this(metadataUrl, timeout, null);
        }
    }

    public record Heat(
            String authUrl,
            String userId,
            Secret password,
            String projectId,
            String stackId,
            String resourceName,
            String regionName,
            Duration timeout,
            Path caCertificate)
            implements KeystoneUser {
        public Heat {
            if (timeout == null) timeout = DEFAULT_TIMEOUT;
        }

        public Heat(
                String authUrl,
                String userId,
                Secret password,
                String projectId,
                String stackId,
                String resourceName,
                String regionName,
                Duration timeout) {
            this(authUrl, userId, password, projectId, stackId, resourceName, regionName, timeout, null);
        }
    }

    public record Cfn(
            String metadataUrl,
            String accessKeyId,
            Secret secretAccessKey,
            String stackName,
            List<String> path,
            Path caCertificate,
            Duration timeout) {
        public Cfn {
            if (path == null) path = List.of();
            if (timeout == null) timeout = DEFAULT_TIMEOUT;
        }
    }

    public record Zaqar(
            String authUrl,
            String userId,
            Secret password,
            String projectId,
            String queueId,
            String regionName,
            Duration timeout,
            Path caCertificate)
            implements KeystoneUser {
        public Zaqar {
            if (timeout == null) timeout = DEFAULT_TIMEOUT;
        }

        public Zaqar(
                String authUrl,
                String userId,
                Secret password,
                String projectId,
                String queueId,
                String regionName,
                Duration timeout) {
            this(authUrl, userId, password, projectId, queueId, regionName, timeout, null);
        }
    }
}
