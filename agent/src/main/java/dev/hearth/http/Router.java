package dev.hearth.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Maps a method and path to an endpoint. Templates are literal paths whose segments may be a
 * {@code {name}} placeholder matching one non-empty segment.
 */
final class Router {
    static final String UNMATCHED = "unmatched";

    /** A request as the endpoints see it. */
    // Bytes passed through as they are: never compared, hashed or printed as a record, so the
    // array-by-identity equality the check warns about does not matter here.
    @SuppressWarnings("ArrayRecordComponent")
    record Request(HttpMethod method, String path, Map<String, String> params, byte[] body) {}

    sealed interface Resolution permits Found, NotFound, MethodNotAllowed {
        /** The route label for metrics: the template, never the raw path (bounded cardinality). */
        String label();
    }

    record Found(String label, Function<Request, Reply> endpoint, Map<String, String> params) implements Resolution {}

    record NotFound() implements Resolution {
        @Override
        public String label() {
            return UNMATCHED;
        }
    }

    record MethodNotAllowed(String label, Set<HttpMethod> allowed) implements Resolution {}

    // The segments are the template split once, never compared: the record is a holder.
    @SuppressWarnings("ArrayRecordComponent")
    private record Route(HttpMethod method, String template, String[] segments, Function<Request, Reply> endpoint) {}

    private final List<Route> routes = new ArrayList<>();

    Router add(HttpMethod method, String template, Function<Request, Reply> endpoint) {
        routes.add(new Route(method, template, split(template), endpoint));
        return this;
    }

    Resolution resolve(HttpMethod method, String path) {
        String[] segments = split(path);
        Set<HttpMethod> allowed = new LinkedHashSet<>();
        String label = null;
        for (Route r : routes) {
            Map<String, String> params = match(r.segments(), segments);
            if (params == null) continue;
            if (r.method().equals(method)) return new Found(r.template(), r.endpoint(), params);
            allowed.add(r.method());
            label = r.template();
        }
        return allowed.isEmpty() ? new NotFound() : new MethodNotAllowed(label, allowed);
    }

    private static Map<String, String> match(String[] template, String[] path) {
        if (template.length != path.length) return null;
        Map<String, String> params = new java.util.HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                if (path[i].isEmpty()) return null;
                params.put(t.substring(1, t.length() - 1), path[i]);
            } else if (!t.equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.split("/", -1);
    }
}
