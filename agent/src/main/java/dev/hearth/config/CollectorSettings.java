package dev.hearth.config;

import com.fasterxml.jackson.annotation.JsonProperty;
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

    public record HeatLocal(@JsonProperty("path") List<Path> path) {
        public HeatLocal {
            if (path == null) path = List.of(Path.of("/var/lib/heat-cfntools/cfn-init-data"));
        }
    }

    public record Local(@JsonProperty("path") List<Path> path) {
        public Local {
            if (path == null) path = List.of(Path.of("/var/lib/os-collect-config/local-data"));
        }
    }

    /**
     * The request collector: metadata from a URL.
     *
     * @param caCertificate PEM CAs trusted for the metadata URL and TEMP_URL_SIGNAL signals instead of the system's
     */
    public record Request(
            @JsonProperty("metadata_url") Secret metadataUrl,
            @JsonProperty("timeout") Duration timeout,
            @JsonProperty("ca_certificate") Path caCertificate) {
        public Request {
            if (timeout == null) timeout = DEFAULT_TIMEOUT;
        }

        public Request(Secret metadataUrl, Duration timeout) {
            this(metadataUrl, timeout, null);
        }
    }

    public record Heat(
            @JsonProperty("auth_url") String authUrl,
            @JsonProperty("user_id") String userId,
            @JsonProperty("password") Secret password,
            @JsonProperty("project_id") String projectId,
            @JsonProperty("stack_id") String stackId,
            @JsonProperty("resource_name") String resourceName,
            @JsonProperty("region_name") String regionName,
            @JsonProperty("timeout") Duration timeout,
            @JsonProperty("ca_certificate") Path caCertificate)
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
            @JsonProperty("metadata_url") String metadataUrl,
            @JsonProperty("access_key_id") String accessKeyId,
            @JsonProperty("secret_access_key") Secret secretAccessKey,
            @JsonProperty("stack_name") String stackName,
            @JsonProperty("path") List<String> path,
            @JsonProperty("ca_certificate") Path caCertificate,
            @JsonProperty("timeout") Duration timeout) {
        public Cfn {
            if (path == null) path = List.of();
            if (timeout == null) timeout = DEFAULT_TIMEOUT;
        }
    }

    public record Zaqar(
            @JsonProperty("auth_url") String authUrl,
            @JsonProperty("user_id") String userId,
            @JsonProperty("password") Secret password,
            @JsonProperty("project_id") String projectId,
            @JsonProperty("queue_id") String queueId,
            @JsonProperty("region_name") String regionName,
            @JsonProperty("timeout") Duration timeout,
            @JsonProperty("ca_certificate") Path caCertificate)
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
