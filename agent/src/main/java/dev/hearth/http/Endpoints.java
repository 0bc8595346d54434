package dev.hearth.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.deploy.DeploymentQueries;
import dev.hearth.deploy.DeploymentRecord;
import dev.hearth.deploy.MetadataReader;
import dev.hearth.deploy.MetadataSink;
import dev.hearth.deploy.MetadataTooLargeException;
import dev.hearth.deploy.StateUnavailableException;
import dev.hearth.hook.InvalidDeploymentException;
import dev.hearth.secret.Secrets;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The API's endpoints. Each runs on a virtual thread and may block (the sink, the store, a Docker ping). */
final class Endpoints {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final Logger log = LoggerFactory.getLogger(Endpoints.class);
    private static final int MAX_ID_LENGTH = 256;
    /** What a push does to the node's desired state, said in every 202. */
    static final String PUSH_REPLACES = "the previously pushed document only: deployments from the collectors "
            + "and from `hearth apply` stay; a deployment leaves when its own source stops listing it";

    private static final java.util.regex.Pattern UNRECOGNIZED_TOKEN =
            java.util.regex.Pattern.compile("Unrecognized token '[^']*'");

    private final MetadataSink sink;
    private final DeploymentQueries queries;
    private final PrometheusMeterRegistry registry;
    private final ReadinessProbe readiness;
    private final ExecutorService executor;
    private final Duration readinessTimeout;
    private final MetadataReader documents;
    private final MemoryAdmission admission = MemoryAdmission.ofHeap();

    Endpoints(
            MetadataSink sink,
            DeploymentQueries queries,
            PrometheusMeterRegistry registry,
            ReadinessProbe readiness,
            ExecutorService executor,
            Duration readinessTimeout,
            MetadataReader documents) {
        this.documents = documents;
        this.sink = sink;
        this.queries = queries;
        this.registry = registry;
        this.readiness = readiness;
        this.executor = executor;
        this.readinessTimeout = readinessTimeout;
    }

    Reply healthz(Router.Request request) {
        return Reply.json(HttpResponseStatus.OK, HttpJson.object().put("status", "ok"));
    }

    Reply readyz(Router.Request request) {
        List<ReadinessCheck> checks;
        Future<List<ReadinessCheck>> f = executor.submit(readiness::check);
        try {
            checks = f.get(readinessTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            checks = List.of(ReadinessCheck.failed("readiness", "checks did not answer within " + readinessTimeout));
        } catch (ExecutionException e) {
            log.warn("readiness probe failed", e.getCause());
            checks = List.of(ReadinessCheck.failed(
                    "readiness", "probe failed: " + e.getCause().getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            checks = List.of(ReadinessCheck.failed("readiness", "interrupted"));
        }
        boolean ready = checks.stream().allMatch(ReadinessCheck::ok);
        ObjectNode body = HttpJson.object().put("ready", ready);
        body.set("checks", HttpJson.mapper().valueToTree(checks));
        return Reply.json(ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, body);
    }

    Reply metrics(Router.Request request) {
        return Reply.text(HttpResponseStatus.OK, PROMETHEUS_TEXT, registry.scrape());
    }

    Reply push(Router.Request request) {
        try (MemoryAdmission.Ticket ticket = admission.admit(request.body().length)) {
            if (!ticket.admitted()) {
                log.warn("push refused: {}", ticket.refusal());
                return Reply.json(
                        HttpResponseStatus.SERVICE_UNAVAILABLE,
                        HttpJson.object().put("error", ticket.refusal()));
            }
            return admitted(request);
        }
    }

    private Reply admitted(Router.Request request) {
        JsonNode document;
        try {
            if (request.body().length == 0)
                return Reply.error(HttpResponseStatus.BAD_REQUEST, "empty body: expected a JSON metadata document");
            document = documents.read(request.body());
        } catch (MetadataTooLargeException e) {
            log.info("push refused: {}", e.getMessage());
            return Reply.json(
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    HttpJson.object().put("error", e.getMessage()).put("limit", e.limit()));
        } catch (JsonProcessingException e) {
            // The parser's own message, not its source excerpt: the body may hold secrets.
            JsonLocation at = e.getLocation();
            ObjectNode body =
                    HttpJson.object().put("error", "malformed JSON: " + withoutTokens(e.getOriginalMessage()));
            if (at != null) body.put("line", at.getLineNr()).put("column", at.getColumnNr());
            log.info(
                    "push refused: malformed JSON at line {}, column {}",
                    at == null ? -1 : at.getLineNr(),
                    at == null ? -1 : at.getColumnNr());
            return Reply.json(HttpResponseStatus.BAD_REQUEST, body);
        } catch (IOException e) {
            return Reply.error(HttpResponseStatus.BAD_REQUEST, "unreadable body");
        }
        if (document == null || !(document.isObject() || document.isArray())) {
            return invalid("$", "expected an object {\"deployments\": [...]} or a list of deployments");
        }
        try {
            List<String> accepted = sink.push(document);
            ObjectNode body = HttpJson.object();
            ArrayNode ids = body.putArray("accepted");
            accepted.forEach(ids::add);
            body.put("source", "push").put("replaces", PUSH_REPLACES);
            log.info("push accepted: {} deployment(s) to run {}", accepted.size(), accepted);
            return Reply.json(HttpResponseStatus.ACCEPTED, body);
        } catch (InvalidDeploymentException e) {
            log.info("push refused: {}", Secrets.maskPatterns(e.getMessage()));
            return invalid(e.path(), Secrets.maskPatterns(e.getMessage()));
        } catch (StateUnavailableException e) {
            // 507 tells the sender the node's disk is full; either way it may send the same document again.
            log.info("push refused: {}", e.getMessage());
            return Reply.error(
                    e.noSpace() ? HttpResponseStatus.INSUFFICIENT_STORAGE : HttpResponseStatus.SERVICE_UNAVAILABLE,
                    e.getMessage());
        }
    }

    Reply list(Router.Request request) {
        return Reply.json(HttpResponseStatus.OK, queries.list());
    }

    Reply get(Router.Request request) {
        String id = request.params().get("id");
        if (id.length() > MAX_ID_LENGTH) return Reply.error(HttpResponseStatus.NOT_FOUND, "no deployment with that id");
        Optional<DeploymentRecord> found = queries.get(id);
        return found.map(r -> Reply.json(HttpResponseStatus.OK, r))
                .orElseGet(() -> Reply.error(HttpResponseStatus.NOT_FOUND, "no deployment " + id));
    }

    /** Jackson quotes an unparsable token ("Unrecognized token 'hunter2'"): it may be an unquoted secret. */
    private static String withoutTokens(String parserMessage) {
        return parserMessage == null
                ? ""
                : UNRECOGNIZED_TOKEN.matcher(parserMessage).replaceAll("Unrecognized token");
    }

    private static Reply invalid(String path, String message) {
        return Reply.json(
                HttpResponseStatus.BAD_REQUEST,
                HttpJson.object().put("error", message).put("path", path));
    }
}
