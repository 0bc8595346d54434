package dev.hearth.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.deploy.MetadataSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A sink that records what it was given (and on which thread) and answers the deployment ids. */
public final class RecordingSink implements MetadataSink {
    public record Call(JsonNode document, Thread thread, long nanoTime) {}

    public final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Function<JsonNode, List<String>> answer;

    public RecordingSink() {
        this(RecordingSink::ids);
    }

    public RecordingSink(Function<JsonNode, List<String>> answer) {
        this.answer = answer;
    }

    @Override
    public List<String> push(JsonNode document) {
        calls.add(new Call(document, Thread.currentThread(), System.nanoTime()));
        return answer.apply(document);
    }

    public static List<String> ids(JsonNode document) {
        List<String> ids = new ArrayList<>();
        JsonNode list = document.isArray() ? document : document.path("deployments");
        list.forEach(d -> ids.add(d.path("id").asText()));
        return ids;
    }
}
