package dev.hearth.it;

/** Large metadata documents, built as text (a tree of them would cost the test what it costs the agent). */
public final class BigDocuments {
    private BigDocuments() {}

    /**
     * {@code count} small script deployments (NO_SIGNAL, each {@code #!/bin/sh true}) padded with one
     * input so that the whole document is about {@code bytes} long.
     */
    public static String smallDeployments(int count, long bytes) {
        String head = "{\"deployments\": [";
        String one = deployment("d-000000", "");
        long pad = Math.max(0, bytes / count - one.length() - 2);
        String padding = "x".repeat((int) pad);
        StringBuilder b = new StringBuilder((int) bytes + 1024).append(head);
        for (int i = 0; i < count; i++) {
            if (i > 0) b.append(", ");
            b.append(deployment("d-%06d".formatted(i), padding));
        }
        return b.append("]}").toString();
    }

    private static String deployment(String id, String padding) {
        return "{\"id\": \"" + id + "\", \"name\": \"dep-" + id + "\", \"group\": \"script\", "
                + "\"config\": \"#!/bin/sh\\ntrue\\n\", \"options\": null, \"inputs\": ["
                + "{\"name\": \"deploy_signal_transport\", \"value\": \"NO_SIGNAL\"}, "
                + "{\"name\": \"padding\", \"value\": \"" + padding + "\"}], \"outputs\": []}";
    }

    /** The smallest valid deployments: {@code {"id": "N", "group": "script", "config": ""}}. */
    public static String tinyDeployments(int count) {
        StringBuilder b = new StringBuilder(count * 48).append("{\"deployments\": [");
        for (int i = 0; i < count; i++) {
            if (i > 0) b.append(',');
            b.append("{\"id\":\"t").append(i).append("\",\"group\":\"script\",\"config\":\"\"}");
        }
        return b.append("]}").toString();
    }

    /** One deployment that declares {@code count} outputs. */
    public static String declaredOutputs(int count) {
        StringBuilder b = new StringBuilder(count * 96)
                .append("{\"deployments\": [{\"id\": \"outputs-1\", \"group\": \"script\", "
                        + "\"config\": \"#!/bin/sh\\ntrue\\n\", \"inputs\": [{\"name\": \"deploy_signal_transport\", "
                        + "\"value\": \"NO_SIGNAL\"}], \"outputs\": [");
        for (int i = 0; i < count; i++) {
            if (i > 0) b.append(", ");
            b.append("{\"name\": \"out")
                    .append(i)
                    .append("\", \"type\": \"String\", \"description\": \"declared output ")
                    .append(i)
                    .append("\", \"error_output\": false}");
        }
        return b.append("]}]}").toString();
    }

    /** One deployment with {@code count} outputs of the smallest form, {@code {"name": "oN"}}: four JSON tokens each. */
    public static String denseOutputs(int count) {
        StringBuilder b = new StringBuilder(count * 16)
                .append("{\"deployments\": [{\"id\": \"dense-1\", \"group\": \"script\", "
                        + "\"config\": \"\", \"outputs\": [");
        for (int i = 0; i < count; i++) {
            if (i > 0) b.append(',');
            b.append("{\"name\":\"o").append(i).append("\"}");
        }
        return b.append("]}]}").toString();
    }
}
