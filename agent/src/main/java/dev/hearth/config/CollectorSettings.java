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

    public record Request(
            @JsonProperty("metadata_url") Secret metadataUrl,
            @JsonProperty("timeout") Duration timeout) {
        public Request {
            if (timeout == null) timeout = DEFAULT_TIMEOUT;
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
            @JsonProperty("timeout") Duration timeout) {
        public Heat {
            if (timeout == null) timeout = DEFAULT_TIMEOUT;
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
            @JsonProperty("timeout") Duration timeout) {
        public Zaqar {
            if (timeout == null) timeout = DEFAULT_TIMEOUT;
        }
    }
}
