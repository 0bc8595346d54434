package dev.hearth.deploy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one collector said in one poll.
 *
 * @param document the document it returned (ANSWERED only)
 */
public record SourceReport(String source, Answer answer, JsonNode document) {

    public enum Answer {
        /** It returned a document. */
        ANSWERED,
        /** It answered that it has nothing (e.g. no local files): it lists no deployment. */
        NOTHING,
        /** It could not be asked this time: its last document still stands. */
        FAILED
    }

    public static SourceReport answered(String source, JsonNode document) {
        return new SourceReport(source, Answer.ANSWERED, document);
    }

    public static SourceReport nothing(String source) {
        return new SourceReport(source, Answer.NOTHING, null);
    }

    public static SourceReport failed(String source) {
        return new SourceReport(source, Answer.FAILED, null);
    }
}
