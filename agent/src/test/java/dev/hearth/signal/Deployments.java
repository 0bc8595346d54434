package dev.hearth.signal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hook.Deployment;
import dev.hearth.json.Json;
import dev.hearth.testing.FakeControlPlane;
import java.util.LinkedHashMap;
import java.util.Map;

/** Deployments as Heat emits them for each transport (docs/heat-protocol.md#inputs-heat-derives), against the fake plane. */
final class Deployments {
    private Deployments() {}

    static Deployment of(String id, String resource, String transport, Map<String, String> extra) {
        ObjectNode d = Json.object();
        d.put("id", id)
                .put("name", "dep_" + resource)
                .put("group", "script")
                .put("creation_time", "2024-05-01T12:00:00Z");
        d.put("config", "#!/bin/sh\necho hi\n");
        d.putObject("options");
        ArrayNode inputs = d.putArray("inputs");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("foo", "bar");
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
        return Deployment.fromJson(d, "$");
    }

    static Deployment cfn(FakeControlPlane plane, String id, String resource, java.time.Instant signedAt) {
        return of(
                id,
                resource,
                "CFN_SIGNAL",
                Map.of(
                        "deploy_signal_id",
                        plane.cfnSignalUrl(FakeControlPlane.STACK_ID, resource, signedAt),
                        "deploy_signal_verb",
                        "POST"));
    }

    static Deployment tempUrl(FakeControlPlane plane, String id, String resource) {
        return of(
                id,
                resource,
                "TEMP_URL_SIGNAL",
                Map.of("deploy_signal_id", plane.tempUrl("PUT", "8a5fd4c3/" + resource), "deploy_signal_verb", "PUT"));
    }

    static Deployment heat(FakeControlPlane plane, String id, String resource) {
        Map<String, String> m = keystoneUser(plane, resource);
        m.put("deploy_region_name", FakeControlPlane.REGION);
        return of(id, resource, "HEAT_SIGNAL", m);
    }

    static Deployment zaqar(FakeControlPlane plane, String id, String resource, String queue) {
        Map<String, String> m = keystoneUser(plane, resource);
        m.put("deploy_queue_id", queue);
        return of(id, resource, "ZAQAR_SIGNAL", m);
    }

    /** The stack user Heat creates for a deployment that signals through keystone (HEAT and ZAQAR_SIGNAL). */
    private static Map<String, String> keystoneUser(FakeControlPlane plane, String resource) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("deploy_auth_url", plane.authUrl());
        m.put("deploy_username", "mystack-" + resource + "-x7y6z5");
        m.put("deploy_user_id", FakeControlPlane.USER_ID);
        m.put("deploy_password", FakeControlPlane.PASSWORD);
        m.put("deploy_project_id", FakeControlPlane.PROJECT_ID);
        return m;
    }

    static Deployment noSignal(String id) {
        return of(id, "dep_none", "NO_SIGNAL", Map.of());
    }

    static ObjectNode response(String stdout) {
        ObjectNode r = Json.object();
        r.put("result", "result-of-bar");
        r.put("deploy_stdout", stdout);
        r.put("deploy_stderr", "warn\n");
        r.put("deploy_status_code", 0);
        return r;
    }
}
