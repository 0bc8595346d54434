package dev.hearth.it;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;
import dev.hearth.testing.FakeControlPlane;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Deployments shaped as Heat emits them (docs/heat-protocol.md#inputs-heat-derives), signalling to the fake control plane. */
final class Metadata {
    private final ObjectNode doc = Json.object();
    private final ArrayNode deployments = doc.putArray("deployments");
    private final FakeControlPlane plane;

    Metadata(FakeControlPlane plane) {
        this.plane = plane;
    }

    ObjectNode document() {
        return doc;
    }

    String json() {
        return Json.write(doc);
    }

    ObjectNode script(String id, String resource, String transport, String script) {
        Map<String, String> extra = new LinkedHashMap<>();
        switch (transport) {
            case "CFN_SIGNAL" -> {
                extra.put("deploy_signal_id", plane.cfnSignalUrl(FakeControlPlane.STACK_ID, resource, Instant.now()));
                extra.put("deploy_signal_verb", "POST");
            }
            case "TEMP_URL_SIGNAL" -> {
                extra.put("deploy_signal_id", plane.tempUrl("PUT", "sig/" + resource));
                extra.put("deploy_signal_verb", "PUT");
            }
            case "HEAT_SIGNAL", "ZAQAR_SIGNAL" -> {
                extra.put("deploy_auth_url", plane.authUrl());
                extra.put("deploy_username", "mystack-" + resource);
                extra.put("deploy_user_id", FakeControlPlane.USER_ID);
                extra.put("deploy_password", FakeControlPlane.PASSWORD);
                extra.put("deploy_project_id", FakeControlPlane.PROJECT_ID);
                extra.put("deploy_region_name", FakeControlPlane.REGION);
                if (transport.equals("ZAQAR_SIGNAL")) extra.put("deploy_queue_id", "signal-" + resource);
            }
            default -> {}
        }
        ObjectNode d = deployments.addObject();
        d.put("id", id)
                .put("name", "dep_" + resource)
                .put("group", "script")
                .put("creation_time", "2026-11-25T12:00:00Z");
        d.put("config", script);
        d.putNull("options");
        ArrayNode inputs = d.putArray("inputs");
        inputs.addObject().put("name", "foo").put("type", "String").put("value", "bar");
        inputs.addObject().put("name", "count").put("type", "Number").put("value", 3);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("deploy_server_id", "9f1f0e00-05d2-4ca5-8602-95021f19c9d0");
        values.put("deploy_action", "CREATE");
        values.put("deploy_stack_id", FakeControlPlane.STACK_ID);
        values.put("deploy_resource_name", resource);
        values.put("deploy_signal_transport", transport);
        values.putAll(extra);
        values.forEach((k, v) ->
                inputs.addObject().put("name", k).put("type", "String").put("value", v));
        d.putArray("outputs")
                .addObject()
                .put("name", "result")
                .put("type", "String")
                .put("error_output", false);
        return d;
    }

    void ungrouped(String id, String name) {
        ObjectNode d = deployments.addObject();
        d.put("id", id).put("name", name).put("group", "Heat::Ungrouped");
        d.putObject("config").putObject("myapp").put("port", 8080);
        d.putNull("options");
        d.putArray("inputs").addObject().put("name", "deploy_signal_transport").put("value", "NO_SIGNAL");
    }

    /** agent.yaml lines that make the agent poll the fake Heat for server1's metadata. */
    static String heatCollector(FakeControlPlane plane) {
        return """
                collectors: [heat]
                heat:
                  auth_url: %s
                  user_id: %s
                  password: "%s"
                  project_id: %s
                  stack_id: %s
                  resource_name: server1
                """.formatted(
                        plane.authUrl(),
                        FakeControlPlane.USER_ID,
                        FakeControlPlane.PASSWORD,
                        FakeControlPlane.PROJECT_ID,
                        FakeControlPlane.STACK_ID);
    }

    static final String ECHO =
            "#!/bin/sh\necho \"hello $foo x$count\"\necho warn >&2\nprintf 'result-of-%s' \"$foo\" > \"$heat_outputs_path.result\"\n";
}
