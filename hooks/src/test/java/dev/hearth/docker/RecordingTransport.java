package dev.hearth.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.hearth.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A docker-java transport that keeps the bytes docker-java would send to the daemon for container
 * creates and exec creates, and answers every call as a daemon that accepted it. With it, the real
 * {@link Engine} and docker-java's own serialisation produce the request; only the socket is left out.
 */
final class RecordingTransport implements DockerHttpClient {
    private final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());

    /** A real Engine whose requests end here. */
    Engine engine() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix:///nonexistent/recording.sock")
                .withApiVersion(RemoteApiVersion.UNKNOWN_VERSION) // no DOCKER_API_VERSION prefix: paths as fixed
                .build();
        return new Engine(
                DockerClientImpl.getInstance(config, this),
                new SimpleMeterRegistry(),
                Duration.ofSeconds(10),
                Duration.ZERO);
    }

    /** Each recorded request as {@code {"method", "path", "body"}}, in the order sent (body without null members). */
    List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    /**
     * docker-java writes every field it knows, most of them null; the Engine decodes a null member as
     * an absent one, so leaving them out keeps what a fixture says and makes it readable.
     */
    private static JsonNode withoutNulls(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> nulls = new ArrayList<>();
            o.fieldNames().forEachRemaining(n -> {
                if (o.get(n).isNull()) nulls.add(n);
            });
            o.remove(nulls);
            o.forEach(RecordingTransport::withoutNulls);
        } else if (node.isArray()) {
            node.forEach(RecordingTransport::withoutNulls);
        }
        return node;
    }

    @Override
    public Response execute(Request request) {
        String path = request.path();
        boolean create = path.matches(".*/containers/create(\\?.*)?");
        boolean execCreate = path.matches(".*/containers/[^/]+/exec");
        if (create || execCreate) {
            ObjectNode r = Json.object();
            r.put("method", request.method());
            r.put("path", path);
            byte[] body = request.bodyBytes();
            r.set("body", body == null || body.length == 0 ? Json.nodes().nullNode() : withoutNulls(Json.parse(body)));
            requests.add(r);
        }
        if (create) return answer(201, "{\"Id\":\"created-id\",\"Warnings\":[]}");
        if (execCreate) return answer(201, "{\"Id\":\"exec-id\"}");
        // dockerd's answer: the engine's kind is asked before a create that podman would refuse as it is
        if (path.matches("(/v[0-9.]+)?/version")) {
            return answer(
                    200,
                    "{\"Components\":[{\"Name\":\"Engine\",\"Version\":\"20.10.24\"}],"
                            + "\"Version\":\"20.10.24\",\"ApiVersion\":\"1.41\"}");
        }
        if (path.matches(".*/exec/[^/]+/start")) return answer(200, "");
        if (path.matches(".*/exec/[^/]+/json")) return answer(200, "{\"ExitCode\":0,\"Running\":false}");
        return answer(404, "{\"message\":\"not answered by the recording transport: " + path + "\"}");
    }

    private static Response answer(int status, String body) {
        return new Response() {
            @Override
            public int getStatusCode() {
                return status;
            }

            @Override
            public Map<String, List<String>> getHeaders() {
                return Map.of(
                        "Content-Type",
                        List.of(body.startsWith("{") ? "application/json" : "application/vnd.docker.raw-stream"));
            }

            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void close() {}
}
