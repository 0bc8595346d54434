package dev.hearth.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real control plane that integration-tests/openstack/setup.sh started: its settings from
 * {@code e2e.env}, a keystone token for the demo user (a heat_stack_owner), and the Heat REST calls
 * the suite needs (JDK HttpClient, no OpenStack SDK). Not thread-safe; one per test class.
 */
public final class OpenStack implements AutoCloseable {
    public static final Path DEFAULT_DIR = Path.of(System.getProperty("hearth.e2e.dir", "/var/lib/hearth-e2e"));

    private final Map<String, String> env;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;
    private Instant tokenAt = Instant.EPOCH;
    private String projectId;

    private OpenStack(Map<String, String> env) {
        this.env = env;
    }

    /**
     * Reads e2e.env and checks that keystone and heat answer.
     *
     * @throws IllegalStateException with what to run when the control plane is not there: the suite
     *                               fails (never skips) without it
     */
    public static OpenStack connect() {
        Path file = DEFAULT_DIR.resolve("e2e.env");
        Map<String, String> env = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank() || line.startsWith("#")) continue;
                int eq = line.indexOf('=');
                String v = line.substring(eq + 1);
                if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) v = v.substring(1, v.length() - 1);
                env.put(line.substring(0, eq), v);
            }
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("the OpenStack control plane is not set up (" + file + " missing): run "
                    + "integration-tests/openstack/setup.sh (or run-e2e.sh) first");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e, e);
        }
        OpenStack os = new OpenStack(env);
        try {
            os.token();
            os.get(os.heatUrl("/stacks"));
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "the OpenStack control plane in " + DEFAULT_DIR + " does not answer (" + e.getMessage()
                            + "): run integration-tests/openstack/setup.sh",
                    e);
        }
        return os;
    }

    public String env(String key) {
        String v = env.get(key);
        if (v == null) throw new IllegalStateException("e2e.env has no " + key);
        return v;
    }

    public Path dir() {
        return Path.of(env("E2E_DIR"));
    }

    public String projectId() {
        token();
        return projectId;
    }

    /** A project-scoped token of the demo user, renewed every 30 minutes. */
    public String token() {
        if (token != null && tokenAt.plus(Duration.ofMinutes(30)).isAfter(Instant.now())) return token;
        String body = """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "demo",
                  "domain": {"id": "default"}, "password": %s}}},
                  "scope": {"project": {"name": "demo", "domain": {"id": "default"}}}}}
                """.formatted(Json.write(Json.nodes().textNode(env("E2E_DEMO_PASSWORD"))));
        HttpResponse<String> r = send(
                HttpRequest.newBuilder(URI.create(env("E2E_AUTH_URL") + "/auth/tokens"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)),
                false);
        if (r.statusCode() != 201)
            throw new IllegalStateException("keystone: HTTP " + r.statusCode() + ": " + r.body());
        token = r.headers().firstValue("X-Subject-Token").orElseThrow();
        projectId =
                Json.parse(r.body()).path("token").path("project").path("id").asText();
        tokenAt = Instant.now();
        return token;
    }

    public URI heatUrl(String path) {
        return URI.create(env("E2E_HEAT_URL") + "/v1/" + projectId() + path);
    }

    // ---- stacks ----------------------------------------------------------------------------------

    /** A stack being created: its name and id. */
    public record Stack(String name, String id) {
        public String path() {
            return "/stacks/" + name + "/" + id;
        }
    }

    public Stack createStack(String name, String templateYaml, Map<String, Object> parameters, int timeoutMins) {
        ObjectNode req = Json.object();
        req.put("stack_name", name);
        req.put("template", templateYaml);
        req.put("timeout_mins", timeoutMins);
        req.set("parameters", Json.mapper().valueToTree(parameters));
        JsonNode r = post(heatUrl("/stacks"), req, 201);
        return new Stack(name, r.path("stack").path("id").asText());
    }

    /** PATCH update: the template replaced, the given parameters changed, the others kept. */
    public void updateStack(Stack s, String templateYaml, Map<String, Object> parameters) throws InterruptedException {
        ObjectNode req = Json.object();
        req.put("template", templateYaml);
        req.set("parameters", Json.mapper().valueToTree(parameters));
        HttpResponse<String> r = send(
                authed(heatUrl(s.path()))
                        .header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(Json.write(req))),
                true);
        if (r.statusCode() != 202)
            throw new IllegalStateException("stack update: HTTP " + r.statusCode() + ": " + r.body());
        Thread.sleep(
                1000); // Heat answers 202 before the stack shows UPDATE_IN_PROGRESS: a wait right away would see the
        // old status
    }

    public JsonNode stack(Stack s) {
        return get(heatUrl(s.path())).path("stack");
    }

    /** Waits for the stack to leave {@code *_IN_PROGRESS}; returns the stack. */
    public JsonNode awaitStack(Stack s, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        JsonNode st;
        do {
            st = stack(s);
            if (!st.path("stack_status").asText().endsWith("_IN_PROGRESS")) return st;
            Thread.sleep(1000);
        } while (Instant.now().isBefore(end));
        throw new AssertionError(
                "stack " + s.name() + " still " + st.path("stack_status").asText() + " after " + timeout);
    }

    /** The status of each resource of the stack, by name. */
    public Map<String, String> resourceStatuses(Stack s) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode r : get(heatUrl(s.path() + "/resources")).path("resources")) {
            out.put(r.path("resource_name").asText(), r.path("resource_status").asText());
        }
        return out;
    }

    public JsonNode resource(Stack s, String name) {
        return get(heatUrl(s.path() + "/resources/" + name)).path("resource");
    }

    /** The whole metadata of a resource (a DeployedServer's carries "os-collect-config"), or null. */
    public JsonNode resourceMetadata(Stack s, String name) {
        HttpResponse<String> r = send(
                authed(heatUrl(s.path() + "/resources/" + name + "/metadata")).GET(), true);
        if (r.statusCode() == 404) return null;
        if (r.statusCode() != 200)
            throw new IllegalStateException("metadata: HTTP " + r.statusCode() + ": " + r.body());
        return Json.parse(r.body()).path("metadata");
    }

    /** Waits until the server's metadata holds an os-collect-config section and {@code deployments} items. */
    public JsonNode awaitServerMetadata(Stack s, String server, int deployments, Duration timeout)
            throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        JsonNode md = null;
        while (Instant.now().isBefore(end)) {
            md = resourceMetadata(s, server);
            if (md != null
                    && md.has("os-collect-config")
                    && md.path("deployments").size() >= deployments) return md;
            Thread.sleep(500);
        }
        throw new AssertionError("server " + server + " of " + s.name() + " has no os-collect-config and " + deployments
                + " deployments after " + timeout + ": " + md + "; stack: " + stack(s));
    }

    /** {@code openstack software deployment show}: status, status_reason, output_values. */
    public JsonNode softwareDeployment(String id) {
        return get(heatUrl("/software_deployments/" + id)).path("software_deployment");
    }

    /** The HTTP status of {@code software deployment show} (404 once Heat deleted it). */
    public int softwareDeploymentStatus(String id) {
        return send(authed(heatUrl("/software_deployments/" + id)).GET(), true).statusCode();
    }

    /** The software deployment behind a deployment resource of the stack. */
    public JsonNode deploymentOf(Stack s, String resourceName) {
        return softwareDeployment(
                resource(s, resourceName).path("physical_resource_id").asText());
    }

    public String output(Stack s, String key) {
        JsonNode o = get(heatUrl(s.path() + "/outputs/" + key)).path("output");
        return o.path("output_value").isTextual()
                ? o.path("output_value").asText()
                : Json.write(o.path("output_value"));
    }

    /** An output's value as JSON (Heat resolves it on request, also while the stack is in progress). */
    public JsonNode outputValue(Stack s, String key) {
        return get(heatUrl(s.path() + "/outputs/" + key)).path("output").path("output_value");
    }

    /**
     * Deletes one stack and waits for the end of its delete.
     *
     * @return {@code DELETE_COMPLETE} (also when Heat no longer shows it), or the status it stopped
     *         in with its reason
     */
    public String deleteStack(Stack s, Duration timeout) throws InterruptedException {
        HttpResponse<String> r = send(authed(heatUrl(s.path())).DELETE(), true);
        if (r.statusCode() != 204 && r.statusCode() != 202 && r.statusCode() != 200) {
            throw new IllegalStateException("stack delete: HTTP " + r.statusCode() + ": " + r.body());
        }
        Instant end = Instant.now().plus(timeout);
        while (true) {
            HttpResponse<String> g = send(authed(heatUrl(s.path())).GET(), true);
            if (g.statusCode() == 404) return "DELETE_COMPLETE";
            JsonNode st = Json.parse(g.body()).path("stack");
            String status = st.path("stack_status").asText();
            if (!status.equals("DELETE_IN_PROGRESS") || Instant.now().isAfter(end)) {
                return status.equals("DELETE_COMPLETE")
                        ? status
                        : status + ": " + st.path("stack_status_reason").asText();
            }
            Thread.sleep(1000);
        }
    }

    /** Deletes the stacks (all requests first) and waits, bounded, until they are gone. */
    public void deleteStacks(java.util.Collection<Stack> stacks, Duration timeout) throws InterruptedException {
        List<Stack> pending = new ArrayList<>();
        for (Stack s : stacks) {
            HttpResponse<String> r = send(authed(heatUrl(s.path())).DELETE(), true);
            if (r.statusCode() == 204 || r.statusCode() == 202 || r.statusCode() == 200) pending.add(s);
        }
        Instant end = Instant.now().plus(timeout);
        while (!pending.isEmpty() && Instant.now().isBefore(end)) {
            pending.removeIf(s -> {
                HttpResponse<String> g = send(authed(heatUrl(s.path())).GET(), true);
                if (g.statusCode() != 200) return true;
                String st =
                        Json.parse(g.body()).path("stack").path("stack_status").asText();
                return !st.equals("DELETE_IN_PROGRESS");
            });
            if (!pending.isEmpty()) Thread.sleep(1000);
        }
    }

    public static String uniqueName(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    }

    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ---- http --------------------------------------------------------------------------------------

    private HttpRequest.Builder authed(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("X-Auth-Token", token())
                .header("Accept", "application/json");
    }

    public JsonNode get(URI uri) {
        HttpResponse<String> r = send(authed(uri).GET(), true);
        if (r.statusCode() != 200)
            throw new IllegalStateException("GET " + uri + ": HTTP " + r.statusCode() + ": " + r.body());
        return Json.parse(r.body());
    }

    private JsonNode post(URI uri, JsonNode body, int expected) {
        HttpResponse<String> r = send(
                authed(uri)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))),
                true);
        if (r.statusCode() != expected) {
            throw new IllegalStateException("POST " + uri + ": HTTP " + r.statusCode() + ": " + r.body());
        }
        return Json.parse(r.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder b, boolean retryOnReset) {
        IOException last = null;
        for (int attempt = 0; attempt < (retryOnReset ? 3 : 1); attempt++) {
            try {
                HttpRequest req = b.build();
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 401
                        && req.headers().firstValue("X-Auth-Token").isPresent()
                        && attempt == 0) {
                    token = null; // revoked (e.g. a password update by setup.sh): once more with a new one
                    b.setHeader("X-Auth-Token", token());
                    continue;
                }
                return r;
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException(String.valueOf(last), last);
    }

    @Override
    public void close() {
        http.close();
    }
}
