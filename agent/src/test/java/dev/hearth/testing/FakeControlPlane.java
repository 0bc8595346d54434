package dev.hearth.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hearth.collect.Ec2Signer;
import dev.hearth.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A loopback control plane for tests: Keystone v3, Heat, heat-api-cfn, Swift TempURLs and Zaqar v2
 * on one port of 127.0.0.1, each checking credentials the way the real service does and answering
 * with the real shapes. It records every request for exact assertions, and can be told to fail
 * ({@link #fail}), or stop refusing connections and come back on the same port ({@link #stop},
 * {@link #restart}).
 *
 * <p>Paths: keystone {@code /identity/v3}, heat {@code /heat/v1/<project>}, cfn {@code /v1/},
 * swift {@code /swift/v1/AUTH_<project>}, zaqar {@code /zaqar}.
 */
public final class FakeControlPlane implements AutoCloseable {
    public static final String USER_ID = "USER1";
    public static final String PASSWORD = "s3cr3t!P@ss";
    public static final String PROJECT_ID = "PROJ1";
    public static final String REGION = "RegionOne";
    public static final String ACCESS_KEY = "AKIDEXAMPLE0001";
    public static final String SECRET_KEY = "SECRETKEYEXAMPLE";
    public static final String TEMPURL_KEY = "tempurl-key-0123";
    public static final String STACK_ID = "mystack/8a5fd4c3-1c2b-4b39-a1d6-0f1e2d3c4b5a";

    private static final DateTimeFormatter KEYSTONE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'");
    private static final DateTimeFormatter CFN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

    /** One request as the server saw it. Header names are lower-case. */
    public record Recorded(
            String method, String path, String rawPath, String query, Map<String, List<String>> headers, String body) {
        public Optional<String> header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getFirst());
        }

        public JsonNode json() {
            return Json.parse(body);
        }

        /** Decoded query parameters in order. */
        public Map<String, String> params() {
            return parseQuery(query);
        }

        @Override
        public String toString() {
            return method + " " + rawPath + (query == null ? "" : "?" + query);
        }
    }

    private record Fault(String pathPrefix, int status, AtomicInteger remaining) {}

    private record Delay(String pathPrefix, Duration delay, AtomicInteger remaining) {}

    private record Stall(String pathPrefix, Duration hold, AtomicInteger remaining) {}

    // Bytes passed through as they are: never compared, hashed or printed as a record, so the
    // array-by-identity equality the check warns about does not matter here.
    @SuppressWarnings("ArrayRecordComponent")
    private record StoredObject(byte[] body, String etag, Instant lastModified) {}

    private record Message(String id, JsonNode body, int ttl, Instant posted) {}

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final List<Delay> delays = new CopyOnWriteArrayList<>();
    private final List<Stall> stalls = new CopyOnWriteArrayList<>();
    private final Map<String, String> users = new ConcurrentHashMap<>(Map.of(USER_ID, PASSWORD));
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> heatMetadata = new ConcurrentHashMap<>();
    private final Map<String, List<JsonNode>> heatSignals = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> cfnMetadata = new ConcurrentHashMap<>();
    private final Map<String, List<JsonNode>> cfnSignals = new ConcurrentHashMap<>();
    private final Map<String, StoredObject> objects = new ConcurrentHashMap<>();
    private final Map<String, Deque<Message>> queues = new ConcurrentHashMap<>();
    private final AtomicInteger tokenCounter = new AtomicInteger();
    private volatile Clock clock = Clock.systemUTC();
    private volatile Duration tokenLifetime = Duration.ofHours(1);
    private volatile Duration cfnAuthTtl = Duration.ofMinutes(15);
    private volatile HttpServer server;
    private final int port;

    private FakeControlPlane() throws IOException {
        server = bind(0);
        port = server.getAddress().getPort();
    }

    public static FakeControlPlane start() {
        try {
            return new FakeControlPlane();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpServer bind(int p) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), 64);
        s.createContext("/", this::handle);
        s.setExecutor(executor);
        s.start();
        return s;
    }

    // ----------------------------------------------------------------- addresses

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String authUrl() {
        return baseUrl() + "/identity/v3";
    }

    public String heatEndpoint() {
        return baseUrl() + "/heat/v1/" + PROJECT_ID;
    }

    public String cfnMetadataUrl() {
        return baseUrl() + "/v1/";
    }

    public String zaqarEndpoint() {
        return baseUrl() + "/zaqar";
    }

    public String swiftEndpoint() {
        return baseUrl() + "/swift/v1/AUTH_" + PROJECT_ID;
    }

    // ----------------------------------------------------------------- control

    public FakeControlPlane clock(Clock c) {
        this.clock = c;
        return this;
    }

    public FakeControlPlane tokenLifetime(Duration d) {
        this.tokenLifetime = d;
        return this;
    }

    public FakeControlPlane cfnAuthTtl(Duration d) {
        this.cfnAuthTtl = d;
        return this;
    }

    public FakeControlPlane addUser(String id, String password) {
        users.put(id, password);
        return this;
    }

    /** Every issued token becomes invalid (services answer 401). */
    public void revokeTokens() {
        tokens.clear();
    }

    public int tokensIssued() {
        return tokenCounter.get();
    }

    /** The next {@code count} requests whose path starts with {@code pathPrefix} get {@code status}. */
    public void fail(String pathPrefix, int status, int count) {
        faults.add(new Fault(pathPrefix, status, new AtomicInteger(count)));
    }

    /** The next {@code count} requests whose path starts with {@code pathPrefix} are answered after {@code delay}. */
    public void delay(String pathPrefix, Duration delay, int count) {
        delays.add(new Delay(pathPrefix, delay, new AtomicInteger(count)));
    }

    /**
     * The next {@code count} requests whose path starts with {@code pathPrefix} get a 200 status line,
     * headers announcing a body and the first bytes of it, then nothing more for {@code hold} (a
     * control plane that hangs halfway through an answer).
     */
    public void stall(String pathPrefix, Duration hold, int count) {
        stalls.add(new Stall(pathPrefix, hold, new AtomicInteger(count)));
    }

    public void clearFaults() {
        faults.clear();
        delays.clear();
        stalls.clear();
    }

    /** Stops listening: connections are refused until {@link #restart()}. */
    public synchronized void stop() {
        server.stop(0);
    }

    /** Listens again on the same port. */
    public synchronized void restart() {
        IOException last = null;
        for (int i = 0; i < 50; i++) {
            try {
                server = bind(port);
                return;
            } catch (IOException e) {
                last = e;
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new UncheckedIOException(last);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ----------------------------------------------------------------- recorded requests

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public List<Recorded> requests(Predicate<Recorded> filter) {
        return requests.stream().filter(filter).toList();
    }

    public List<Recorded> requestsTo(String pathPrefix) {
        return requests(r -> r.path().startsWith(pathPrefix));
    }

    public void clearRequests() {
        requests.clear();
    }

    // ----------------------------------------------------------------- heat

    public void heatMetadata(String stackId, String resource, JsonNode metadata) {
        heatMetadata.put(stackId + "|" + resource, metadata);
    }

    public List<JsonNode> heatSignals(String stackId, String resource) {
        return List.copyOf(heatSignals.getOrDefault(stackId + "|" + resource, List.of()));
    }

    // ----------------------------------------------------------------- cfn

    public void cfnMetadata(String stackName, String logicalResourceId, JsonNode metadata) {
        cfnMetadata.put(stackName + "|" + logicalResourceId, metadata);
    }

    public List<JsonNode> cfnSignals(String resource) {
        return List.copyOf(cfnSignals.getOrDefault(resource, List.of()));
    }

    /** A CFN_SIGNAL URL pre-signed the way Heat does it (signal_responder._get_ec2_signed_url). */
    public String cfnSignalUrl(String stackId, String resource, Instant timestamp) {
        String arn = "arn:openstack:heat::" + PROJECT_ID + ":stacks/" + stackId + "/resources/" + resource;
        String path = "/v1/signal/" + arn;
        Map<String, String> params = new LinkedHashMap<>();
        params.put("SignatureMethod", "HmacSHA256");
        params.put("SignatureVersion", "2");
        params.put("AWSAccessKeyId", ACCESS_KEY);
        params.put("Timestamp", CFN_TIME.format(timestamp.atZone(ZoneOffset.UTC)));
        String sig = new Ec2Signer(SECRET_KEY).sign("POST", "127.0.0.1:" + port, path, params);
        params.put("Signature", sig);
        StringBuilder url = new StringBuilder(baseUrl()).append("/v1/signal/");
        String[] segs = arn.split("/", -1);
        for (int i = 0; i < segs.length; i++) {
            if (i > 0) url.append('/');
            url.append(Ec2Signer.encode(segs[i]));
        }
        String sep = "?";
        for (Map.Entry<String, String> e : params.entrySet()) {
            url.append(sep).append(e.getKey()).append('=').append(Ec2Signer.encode(e.getValue()));
            sep = "&";
        }
        return url.toString();
    }

    // ----------------------------------------------------------------- swift

    /** A TempURL for {@code method} on {@code container/object} under this project's account. */
    public String tempUrl(String method, String containerAndObject) {
        String path = "/swift/v1/AUTH_" + PROJECT_ID + "/" + containerAndObject;
        long expires = 2147483647L;
        return baseUrl() + path + "?temp_url_sig=" + tempUrlSig(method, expires, path) + "&temp_url_expires=" + expires;
    }

    public void putObject(String containerAndObject, String body) {
        storeObject("/swift/v1/AUTH_" + PROJECT_ID + "/" + containerAndObject, body.getBytes(StandardCharsets.UTF_8));
    }

    public Optional<String> object(String containerAndObject) {
        StoredObject o = objects.get("/swift/v1/AUTH_" + PROJECT_ID + "/" + containerAndObject);
        return o == null ? Optional.empty() : Optional.of(new String(o.body(), StandardCharsets.UTF_8));
    }

    // ----------------------------------------------------------------- zaqar

    public void postToQueue(String queue, JsonNode body) {
        queues.computeIfAbsent(queue, q -> new ArrayDeque<>())
                .addLast(new Message(UUID.randomUUID().toString().replace("-", ""), body, 3600, clock.instant()));
    }

    /**
     * Puts a message posted at {@code posted} at the head of the queue, as Zaqar's Swift store does now
     * and then: it lists messages by a name whose leading time bits wrap every 429 s.
     */
    public void postToQueueAhead(String queue, JsonNode body, Instant posted) {
        Deque<Message> q = queues.computeIfAbsent(queue, k -> new ArrayDeque<>());
        synchronized (q) {
            q.addFirst(new Message(UUID.randomUUID().toString().replace("-", ""), body, 3600, posted));
        }
    }

    public List<JsonNode> queueMessages(String queue) {
        Deque<Message> q = queues.get(queue);
        if (q == null) return List.of();
        synchronized (q) {
            return q.stream().map(Message::body).toList();
        }
    }

    // ----------------------------------------------------------------- dispatch

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] reqBody;
            try (InputStream in = ex.getRequestBody()) {
                reqBody = in.readAllBytes();
            }
            Map<String, List<String>> headers = new TreeMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            Recorded r = new Recorded(
                    ex.getRequestMethod(),
                    ex.getRequestURI().getPath(),
                    ex.getRequestURI().getRawPath(),
                    ex.getRequestURI().getRawQuery(),
                    headers,
                    new String(reqBody, StandardCharsets.UTF_8));
            requests.add(r);
            for (Delay d : delays) {
                if (r.path().startsWith(d.pathPrefix()) && d.remaining().getAndDecrement() > 0) {
                    try {
                        Thread.sleep(d.delay());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            for (Stall st : stalls) {
                if (r.path().startsWith(st.pathPrefix()) && st.remaining().getAndDecrement() > 0) {
                    ex.getResponseHeaders().add("Content-Type", "application/json");
                    ex.sendResponseHeaders(200, 4096);
                    ex.getResponseBody().write("{\"deployments\": [".getBytes(StandardCharsets.UTF_8));
                    ex.getResponseBody().flush();
                    try {
                        Thread.sleep(st.hold());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return;
                }
            }
            for (Fault f : faults) {
                if (r.path().startsWith(f.pathPrefix()) && f.remaining().getAndDecrement() > 0) {
                    send(ex, f.status(), "text/plain", "injected failure");
                    return;
                }
            }
            String p = r.path();
            if (p.equals("/identity/v3/auth/tokens") && r.method().equals("POST")) keystone(ex, r);
            else if (p.startsWith("/heat/v1/")) heat(ex, r);
            else if (p.equals("/v1/") || p.equals("/v1")) cfnDescribe(ex, r);
            else if (p.startsWith("/v1/signal/")) cfnSignal(ex, r);
            else if (p.startsWith("/swift/v1/")) swift(ex, r);
            else if (p.startsWith("/zaqar/v2/queues/")) zaqar(ex, r);
            else send(ex, 404, "text/plain", "not found");
        } catch (RuntimeException e) {
            send(ex, 500, "text/plain", e.toString());
        }
    }

    private void keystone(HttpExchange ex, Recorded r) throws IOException {
        JsonNode auth = r.json().path("auth");
        JsonNode user = auth.path("identity").path("password").path("user");
        String id = user.path("id").asText();
        String pw = user.path("password").asText();
        String project = auth.path("scope").path("project").path("id").asText();
        if (!pw.equals(users.get(id)) || !PROJECT_ID.equals(project)) {
            send(ex, 401, "application/json", "{\"error\": {\"code\": 401, \"title\": \"Unauthorized\"}}");
            return;
        }
        String token = "TOKEN-" + tokenCounter.incrementAndGet();
        Instant now = clock.instant();
        Instant expires = now.plus(tokenLifetime);
        tokens.put(token, expires);
        ObjectNode body = Json.object();
        ObjectNode t = body.putObject("token");
        t.putArray("methods").add("password");
        t.putObject("user").put("id", id).put("name", id);
        t.putObject("project").put("id", PROJECT_ID).put("name", "project1");
        t.put("issued_at", KEYSTONE_TIME.format(now.atZone(ZoneOffset.UTC)));
        t.put("expires_at", KEYSTONE_TIME.format(expires.atZone(ZoneOffset.UTC)));
        ArrayNode catalog = t.putArray("catalog");
        service(catalog, "identity", baseUrl() + "/identity");
        service(catalog, "orchestration", heatEndpoint());
        service(catalog, "cloudformation", baseUrl() + "/v1");
        service(catalog, "object-store", swiftEndpoint());
        service(catalog, "messaging", zaqarEndpoint());
        ex.getResponseHeaders().add("X-Subject-Token", token);
        send(ex, 201, "application/json", Json.write(body));
    }

    private void service(ArrayNode catalog, String type, String url) {
        ObjectNode s = catalog.addObject().put("type", type).put("name", type).put("id", type + "-id");
        ArrayNode eps = s.putArray("endpoints");
        // An internal endpoint in another region first, so that a lookup must filter.
        eps.addObject()
                .put("interface", "internal")
                .put("region", "Other")
                .put("region_id", "Other")
                .put("url", "http://internal.invalid/" + type);
        eps.addObject()
                .put("interface", "public")
                .put("region", REGION)
                .put("region_id", REGION)
                .put("url", url);
    }

    private boolean authorised(HttpExchange ex, Recorded r) throws IOException {
        String token = r.header("x-auth-token").orElse("");
        Instant expires = tokens.get(token);
        if (expires == null || !clock.instant().isBefore(expires)) {
            send(ex, 401, "application/json", "{\"error\": {\"code\": 401, \"title\": \"Unauthorized\"}}");
            return false;
        }
        return true;
    }

    private void heat(HttpExchange ex, Recorded r) throws IOException {
        if (!authorised(ex, r)) return;
        String prefix = "/heat/v1/" + PROJECT_ID + "/stacks/";
        if (!r.path().startsWith(prefix)) {
            send(ex, 404, "text/plain", "no such project");
            return;
        }
        String rest = r.path().substring(prefix.length());
        int i = rest.indexOf("/resources/");
        if (i < 0) {
            send(ex, 404, "text/plain", "not found");
            return;
        }
        String stackId = rest.substring(0, i);
        String tail = rest.substring(i + "/resources/".length());
        if (tail.endsWith("/metadata") && r.method().equals("GET")) {
            JsonNode md = heatMetadata.get(stackId + "|" + tail.substring(0, tail.length() - "/metadata".length()));
            if (md == null) {
                send(ex, 404, "application/json", "{\"error\": \"The Resource could not be found.\"}");
                return;
            }
            ObjectNode body = Json.object();
            body.set("metadata", md);
            send(ex, 200, "application/json", Json.write(body));
        } else if (tail.endsWith("/signal") && r.method().equals("POST")) {
            String resource = tail.substring(0, tail.length() - "/signal".length());
            heatSignals
                    .computeIfAbsent(stackId + "|" + resource, k -> new CopyOnWriteArrayList<>())
                    .add(r.json());
            send(ex, 200, "application/json", "");
        } else {
            send(ex, 404, "text/plain", "not found");
        }
    }

    private boolean ec2Valid(Recorded r, String verb, String path) {
        Map<String, String> params = r.params();
        String given = params.get("Signature");
        if (given == null
                || !ACCESS_KEY.equals(params.get("AWSAccessKeyId"))
                || !"HmacSHA256".equals(params.get("SignatureMethod"))
                || !"2".equals(params.get("SignatureVersion"))) {
            return false;
        }
        String host = r.header("host").orElse("").toLowerCase(Locale.ROOT);
        return new Ec2Signer(SECRET_KEY).sign(verb, host, path, params).equals(given);
    }

    private void cfnDescribe(HttpExchange ex, Recorded r) throws IOException {
        Map<String, String> params = r.params();
        if (!r.method().equals("GET") || !"DescribeStackResource".equals(params.get("Action"))) {
            send(ex, 400, "text/plain", "unsupported");
            return;
        }
        if (!ec2Valid(r, "GET", r.path())) {
            send(ex, 403, "application/xml", "<ErrorResponse><Error><Code>AccessDenied</Code></Error></ErrorResponse>");
            return;
        }
        String stack = params.get("StackName");
        String res = params.get("LogicalResourceId");
        JsonNode md = cfnMetadata.get(stack + "|" + res);
        if (md == null) {
            send(
                    ex,
                    400,
                    "application/xml",
                    "<ErrorResponse><Error><Code>ValidationError</Code></Error></ErrorResponse>");
            return;
        }
        String xml = "<DescribeStackResourceResponse><DescribeStackResourceResult><StackResourceDetail>"
                + "<StackId>arn:openstack:heat::" + PROJECT_ID + ":stacks/" + xmlEscape(stack) + "/x</StackId>"
                + "<ResourceStatus>CREATE_COMPLETE</ResourceStatus>"
                + "<Metadata>" + xmlEscape(Json.write(md)) + "</Metadata>"
                + "<LogicalResourceId>" + xmlEscape(res) + "</LogicalResourceId>"
                + "</StackResourceDetail></DescribeStackResourceResult></DescribeStackResourceResponse>";
        send(ex, 200, "application/xml", xml);
    }

    private void cfnSignal(HttpExchange ex, Recorded r) throws IOException {
        Map<String, String> params = r.params();
        boolean fresh;
        try {
            Instant ts = ZonedDateTime.parse(params.getOrDefault("Timestamp", ""), CFN_TIME.withZone(ZoneOffset.UTC))
                    .toInstant();
            fresh = ts.plus(cfnAuthTtl).isAfter(clock.instant());
        } catch (DateTimeParseException e) {
            fresh = false;
        }
        if (!r.method().equals("POST") || !fresh || !ec2Valid(r, "POST", r.path())) {
            send(ex, 403, "application/xml", "<ErrorResponse><Error><Code>AccessDenied</Code></Error></ErrorResponse>");
            return;
        }
        String resource = r.path().substring(r.path().lastIndexOf('/') + 1);
        cfnSignals.computeIfAbsent(resource, k -> new CopyOnWriteArrayList<>()).add(r.json());
        send(ex, 200, "application/json", "");
    }

    private void swift(HttpExchange ex, Recorded r) throws IOException {
        Map<String, String> params = r.params();
        String sigMethod = r.method().equals("HEAD") ? "GET" : r.method();
        long expires;
        try {
            expires = Long.parseLong(params.getOrDefault("temp_url_expires", "0"));
        } catch (NumberFormatException e) {
            expires = 0;
        }
        String sig = params.get("temp_url_sig");
        if (sig == null
                || expires < clock.instant().getEpochSecond()
                || !sig.equals(tempUrlSig(sigMethod, expires, r.path()))) {
            send(ex, 401, "text/plain", "401 Unauthorized: Temp URL invalid");
            return;
        }
        switch (r.method()) {
            case "PUT" -> {
                storeObject(r.path(), r.body().getBytes(StandardCharsets.UTF_8));
                ex.getResponseHeaders().add("ETag", objects.get(r.path()).etag());
                send(ex, 201, "text/html", "");
            }
            case "GET", "HEAD" -> {
                StoredObject o = objects.get(r.path());
                if (o == null) {
                    send(ex, 404, "text/plain", "Not Found");
                    return;
                }
                ex.getResponseHeaders().add("ETag", o.etag());
                ex.getResponseHeaders()
                        .add(
                                "Last-Modified",
                                DateTimeFormatter.RFC_1123_DATE_TIME.format(
                                        o.lastModified().atZone(ZoneOffset.UTC)));
                Optional<String> inm = r.header("if-none-match");
                Optional<String> ims = r.header("if-modified-since");
                boolean notModified;
                if (inm.isPresent()) {
                    notModified = inm.get().equals(o.etag()) || inm.get().equals("*");
                } else if (ims.isPresent()) {
                    try {
                        Instant since = ZonedDateTime.parse(ims.get(), DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant();
                        notModified = !o.lastModified().isAfter(since);
                    } catch (DateTimeParseException e) {
                        notModified = false;
                    }
                } else {
                    notModified = false;
                }
                if (notModified) {
                    ex.sendResponseHeaders(304, -1);
                } else if (r.method().equals("HEAD")) {
                    ex.sendResponseHeaders(200, -1);
                } else {
                    ex.getResponseHeaders().add("Content-Type", "application/json");
                    ex.sendResponseHeaders(200, o.body().length == 0 ? -1 : o.body().length);
                    ex.getResponseBody().write(o.body());
                }
            }
            default -> send(ex, 405, "text/plain", "method not allowed");
        }
    }

    private void storeObject(String path, byte[] body) {
        try {
            String etag = "\""
                    + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body)) + "\"";
            objects.put(path, new StoredObject(body, etag, clock.instant().truncatedTo(ChronoUnit.SECONDS)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tempUrlSig(String method, long expires, String path) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(TEMPURL_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return HexFormat.of()
                    .formatHex(mac.doFinal((method + "\n" + expires + "\n" + path).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void zaqar(HttpExchange ex, Recorded r) throws IOException {
        if (!authorised(ex, r)) return;
        if (r.header("client-id").isEmpty()) {
            send(ex, 400, "application/json", "{\"title\": \"Missing header\", \"description\": \"Client-ID\"}");
            return;
        }
        if (!PROJECT_ID.equals(r.header("x-project-id").orElse(null))) {
            send(ex, 403, "application/json", "{\"title\": \"Forbidden\"}");
            return;
        }
        String rest = r.path().substring("/zaqar/v2/queues/".length());
        if (!rest.endsWith("/messages")) {
            send(ex, 404, "text/plain", "not found");
            return;
        }
        String queue = rest.substring(0, rest.length() - "/messages".length());
        Deque<Message> q = queues.computeIfAbsent(queue, k -> new ArrayDeque<>());
        switch (r.method()) {
            case "POST" -> {
                ArrayNode resources = Json.nodes().arrayNode();
                synchronized (q) {
                    for (JsonNode m : r.json().path("messages")) {
                        Message msg = new Message(
                                UUID.randomUUID().toString().replace("-", ""),
                                m.path("body"),
                                m.path("ttl").asInt(3600),
                                clock.instant());
                        q.addLast(msg);
                        resources.add("/v2/queues/" + queue + "/messages/" + msg.id());
                    }
                }
                ObjectNode body = Json.object();
                body.set("resources", resources);
                send(ex, 201, "application/json", Json.write(body));
            }
            case "DELETE" -> {
                int pop = Integer.parseInt(r.params().getOrDefault("pop", "0"));
                if (pop < 1 || pop > 20) {
                    send(ex, 400, "application/json", "{\"title\": \"Invalid pop\"}");
                    return;
                }
                ArrayNode messages = Json.nodes().arrayNode();
                // One moment for the whole answer, as Zaqar counts the ages of one listing.
                Instant now = clock.instant();
                synchronized (q) {
                    for (int i = 0; i < pop && !q.isEmpty(); i++) {
                        Message m = q.pollFirst();
                        ObjectNode o = messages.addObject();
                        o.put("id", m.id());
                        o.set("body", m.body());
                        o.put("ttl", m.ttl());
                        o.put("age", Duration.between(m.posted(), now).toMillis() / 1000.0);
                    }
                }
                ObjectNode body = Json.object();
                body.set("messages", messages);
                send(ex, 200, "application/json", Json.write(body));
            }
            default -> send(ex, 405, "text/plain", "method not allowed");
        }
    }

    // ----------------------------------------------------------------- helpers

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) ex.getResponseBody().write(bytes);
    }

    static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&", -1)) {
            if (pair.isEmpty()) continue;
            int i = pair.indexOf('=');
            String k = i < 0 ? pair : pair.substring(0, i);
            String v = i < 0 ? "" : pair.substring(i + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String xmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Ids of all queues with messages (for assertions). */
    public List<String> queueNames() {
        return new ArrayList<>(queues.keySet());
    }
}
