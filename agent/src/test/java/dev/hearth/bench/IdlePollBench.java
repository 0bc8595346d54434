package dev.hearth.bench;

import static dev.hearth.testing.FakeControlPlane.PASSWORD;
import static dev.hearth.testing.FakeControlPlane.PROJECT_ID;
import static dev.hearth.testing.FakeControlPlane.STACK_ID;
import static dev.hearth.testing.FakeControlPlane.USER_ID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.collect.CfnCollector;
import dev.hearth.collect.Collector;
import dev.hearth.collect.HeatCollector;
import dev.hearth.collect.RequestCollector;
import dev.hearth.collect.ZaqarCollector;
import dev.hearth.config.CollectorSettings;
import dev.hearth.json.Json;
import dev.hearth.net.ControlPlaneHttp;
import dev.hearth.secret.Secret;
import dev.hearth.testing.FakeControlPlane;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests each HTTP collector sends to the control plane per idle poll (nothing changed), after
 * the first poll, against the loopback fake. Not a timed test: run its {@code main}
 * ({@code mvn -pl agent exec:java} is not configured; run from the IDE or with the test classpath).
 * os-collect-config's figures for comparison (docs/heat-protocol.md#each-collector): request 2 (HEAD+GET),
 * heat 3 (discovery, token, GET), zaqar 3, cfn 1.
 */
public final class IdlePollBench {
    private IdlePollBench() {}

    /** Per collector: requests of the first poll and average requests per idle poll afterwards. */
    public record Row(String collector, int firstPoll, double perIdlePoll, String pythonAgent) {}

    public static List<Row> run(int idlePolls) throws Exception {
        try (FakeControlPlane plane = FakeControlPlane.start()) {
            ControlPlaneHttp http = ControlPlaneHttp.create();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Duration t = Duration.ofSeconds(5);
            JsonNode md = Json.parse("{\"deployments\": [{\"id\": \"d1\", \"name\": \"one\", \"group\": \"script\","
                    + " \"config\": \"#!/bin/sh\\necho hi\\n\"}], \"os-collect-config\": {}}");
            plane.putObject("server-container/obj-uuid", Json.write(md));
            plane.heatMetadata(STACK_ID, "server1", md);
            plane.cfnMetadata("mystack", "server1", md);
            plane.postToQueue("server-queue", md);

            Map<Collector, String> collectors = new LinkedHashMap<>();
            collectors.put(
                    new RequestCollector(
                            new CollectorSettings.Request(
                                    Secret.of(plane.tempUrl("GET", "server-container/obj-uuid")), t),
                            http,
                            registry),
                    "2 (HEAD + GET)");
            collectors.put(
                    new HeatCollector(
                            new CollectorSettings.Heat(
                                    plane.authUrl(),
                                    USER_ID,
                                    Secret.of(PASSWORD),
                                    PROJECT_ID,
                                    STACK_ID,
                                    "server1",
                                    null,
                                    t),
                            http,
                            registry,
                            Clock.systemUTC()),
                    "3 (discovery + token + GET)");
            collectors.put(
                    new CfnCollector(
                            new CollectorSettings.Cfn(
                                    plane.cfnMetadataUrl(),
                                    FakeControlPlane.ACCESS_KEY,
                                    Secret.of(FakeControlPlane.SECRET_KEY),
                                    "mystack",
                                    List.of("server1.Metadata"),
                                    null,
                                    t),
                            http,
                            registry,
                            null),
                    "1 (signed GET)");
            collectors.put(
                    new ZaqarCollector(
                            new CollectorSettings.Zaqar(
                                    plane.authUrl(), USER_ID, Secret.of(PASSWORD), PROJECT_ID, "server-queue", null, t),
                            http,
                            registry,
                            Clock.systemUTC(),
                            null),
                    "3 (discovery + token + pop)");

            List<Row> rows = new java.util.ArrayList<>();
            for (Map.Entry<Collector, String> e : collectors.entrySet()) {
                Collector c = e.getKey();
                plane.clearRequests();
                c.collect();
                int first = plane.requests().size();
                plane.clearRequests();
                for (int i = 0; i < idlePolls; i++) c.collect();
                rows.add(new Row(c.name(), first, (double) plane.requests().size() / idlePolls, e.getValue()));
            }
            return rows;
        }
    }

    public static void main(String[] args) throws Exception {
        int polls = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        List<Row> rows = run(polls);
        System.out.printf(
                "%-10s %12s %22s   %s%n",
                "collector", "first poll", "requests/idle poll", "os-collect-config per poll");
        for (Row r : rows) {
            System.out.printf(
                    "%-10s %12d %22.2f   %s%n", r.collector(), r.firstPoll(), r.perIdlePoll(), r.pythonAgent());
        }
        System.out.printf("(%d idle polls each, against the loopback fake control plane)%n", polls);
    }
}
