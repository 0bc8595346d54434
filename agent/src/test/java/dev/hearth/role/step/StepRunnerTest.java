package dev.hearth.role.step;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.ansible.AnsiblePlaybook;
import dev.hearth.json.Json;
import dev.hearth.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real {@code ansible-playbook} for every step; fails (does not skip) when it is not installed. */
@Tag("ansible")
class StepRunnerTest {
    @TempDir
    Path dir;

    private final List<String> progress = Collections.synchronizedList(new ArrayList<>());

    private StepRunner runner() {
        return new StepRunner(
                new AnsiblePlaybook(new ProcessRunner(), "ansible-playbook"), dir.resolve("state"), System.getenv());
    }

    private StepRunOptions options() {
        return StepRunOptions.defaults().withProgress(progress::add);
    }

    private ServiceTasks service(String name, String yaml) throws Exception {
        return ServiceTasks.of(
                name,
                Json.yaml()
                        .readTree(yaml.replace("RECORD", dir.resolve("record").toString())));
    }

    private List<String> record() throws Exception {
        Path f = dir.resolve("record");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    /** a: steps 1 and 3; b: step 3, after a; c: every step (no when); d: step 2, fails unless the flag exists. */
    private List<ServiceTasks> services() throws Exception {
        return List.of(
                service("svc_a", """
                        - name: a records its step
                          shell: echo "a{{ step }}" >> RECORD
                          when: step|int in [1, 3]
                        """),
                service("svc_b", """
                        - name: b records its step
                          shell: echo "b{{ step }}" >> RECORD
                          when: step|int == 3
                        """),
                service("svc_d", """
                        - name: check the flag
                          command: test -e %s
                          when: step|int == 2
                        """.formatted(dir.resolve("flag"))),
                service("svc_c", """
                        - name: c records every step
                          shell: echo "c{{ step }} {{ role_name }} {{ node_name }}" >> RECORD
                        """));
    }

    @Test
    void stepsRunInOrderEachTaskInItsStepAndAFailureStopsTheRunWhichResumesAfterTheLastFinishedStep() throws Exception {
        StepTarget target = new StepTarget("Compute", "cpt-0");
        UpgradePlan plan = UpgradePlan.update(false);

        StepRunReport first = runner().run(plan, target, services(), options());
        assertThat(first.succeeded()).isFalse();
        assertThat(first.steps())
                .extracting(StepReport::status)
                .containsExactly(
                        StepReport.Status.SUCCEEDED,
                        StepReport.Status.SUCCEEDED,
                        StepReport.Status.FAILED,
                        StepReport.Status.NOT_RUN,
                        StepReport.Status.NOT_RUN,
                        StepReport.Status.NOT_RUN);
        StepReport failed = first.failedStep().orElseThrow();
        assertThat(failed.step()).isEqualTo(2);
        assertThat(failed.failedTask()).isEqualTo("check the flag");
        assertThat(failed.outputTail()).contains("TASK [check the flag]").contains("FAILED!");
        assertThat(failed.duration()).isPositive();
        assertThat(record()).containsExactly("c0 Compute cpt-0", "a1", "c1 Compute cpt-0");
        assertThat(progress).anyMatch(l -> l.contains("step 2 FAILED at task [check the flag]"));
        assertThat(Json.parse(Files.readString(dir.resolve("state/update_tasks.state.json")))
                        .get("finished"))
                .isEqualTo(Json.parse("[0, 1]"));

        Files.createFile(dir.resolve("flag"));
        StepRunReport second = runner().run(plan, target, services(), options());
        assertThat(second.succeeded()).isTrue();
        assertThat(second.steps())
                .extracting(StepReport::status)
                .containsExactly(
                        StepReport.Status.FINISHED_EARLIER,
                        StepReport.Status.FINISHED_EARLIER,
                        StepReport.Status.SUCCEEDED,
                        StepReport.Status.SUCCEEDED,
                        StepReport.Status.SUCCEEDED,
                        StepReport.Status.SUCCEEDED);
        assertThat(record())
                .containsExactly(
                        "c0 Compute cpt-0",
                        "a1",
                        "c1 Compute cpt-0",
                        "c2 Compute cpt-0",
                        "a3",
                        "b3",
                        "c3 Compute cpt-0",
                        "c4 Compute cpt-0",
                        "c5 Compute cpt-0");
        // Nothing of the run is left in the work directory.
        try (var files = Files.list(dir.resolve("state/work"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsOnly(".ansible");
        }

        StepRunReport again = runner().run(plan, target, services(), options().withFromStep(4));
        assertThat(again.steps())
                .extracting(StepReport::status)
                .containsExactly(
                        StepReport.Status.FINISHED_EARLIER, StepReport.Status.FINISHED_EARLIER,
                        StepReport.Status.FINISHED_EARLIER, StepReport.Status.FINISHED_EARLIER,
                        StepReport.Status.SUCCEEDED, StepReport.Status.SUCCEEDED);
        assertThat(record()).endsWith("c5 Compute cpt-0", "c4 Compute cpt-0", "c5 Compute cpt-0");
    }

    private List<ServiceTasks> recordingStepAndRelease() throws Exception {
        return List.of(service("svc", """
                - name: record step, release and bootstrap flag
                  shell: echo "{{ step }} {{ release }} {{ is_bootstrap_node }}" >> RECORD
                - name: print the database password
                  debug:
                    msg: "db={{ db_password }}"
                """));
    }

    @Test
    void fastForwardOnANonBootstrapNodeRunsOnlyThePrepStepsAndSaysWhyNotTheRest() throws Exception {
        var extra = Json.object().put("db_password", "Very-Secret-99");
        Path keep = dir.resolve("kept");
        StepRunReport r = runner().run(
                        UpgradePlan.fastForward("zed", false),
                        new StepTarget("Compute", "cpt-1", extra),
                        recordingStepAndRelease(),
                        options().withKeepPlaybooks(keep));
        assertThat(r.succeeded()).isTrue();
        assertThat(record()).containsExactly("1 zed False", "2 zed False", "3 zed False");
        assertThat(r.steps())
                .extracting(StepReport::status)
                .containsExactly(
                        StepReport.Status.SUCCEEDED,
                        StepReport.Status.SUCCEEDED,
                        StepReport.Status.SUCCEEDED,
                        StepReport.Status.NOT_ON_THIS_NODE,
                        StepReport.Status.NOT_ON_THIS_NODE,
                        StepReport.Status.NOT_ON_THIS_NODE,
                        StepReport.Status.NOT_ON_THIS_NODE,
                        StepReport.Status.NOT_ON_THIS_NODE,
                        StepReport.Status.NOT_ON_THIS_NODE);
        assertThat(r.step(4).orElseThrow().note()).contains("bootstrap node");
        assertThat(progress).anyMatch(l -> l.contains("fast_forward_upgrade_tasks step 7: nothing to do on this node"));

        // Secrets: the tasks saw the value, nothing displayed shows it.
        assertThat(r.step(1).orElseThrow().outputTail()).contains("db=*****");
        assertThat(Json.write(r.toJson())).doesNotContain("Very-Secret-99");
        assertThat(progress).noneMatch(l -> l.contains("Very-Secret-99")).anyMatch(l -> l.contains("db=*****"));
        String keptVars = Files.readString(keep.resolve("fast_forward_upgrade_tasks_step_2_vars.json"));
        assertThat(Json.parse(keptVars).get("release").asText()).isEqualTo("zed");
        assertThat(keptVars).doesNotContain("Very-Secret-99").contains("*****");
        assertThat(Files.readString(keep.resolve("fast_forward_upgrade_tasks_step_3_playbook.yaml")))
                .contains("record step, release and bootstrap flag")
                .contains("step: 3");
        assertThat(keep.resolve("fast_forward_upgrade_tasks_step_4_playbook.yaml"))
                .doesNotExist();
    }

    @Test
    void fastForwardOnTheBootstrapNodeRunsEveryStepWithTheRelease() throws Exception {
        StepRunReport r = runner().run(
                        UpgradePlan.fastForward("zed", true),
                        new StepTarget("Controller", "ctl-0", Json.object().put("db_password", "x")),
                        recordingStepAndRelease(),
                        options());
        assertThat(r.succeeded()).as(Json.writePretty(r.toJson())).isTrue();
        assertThat(record())
                .containsExactly(
                        "1 zed True",
                        "2 zed True",
                        "3 zed True",
                        "4 zed True",
                        "5 zed True",
                        "6 zed True",
                        "7 zed True",
                        "8 zed True",
                        "9 zed True");
        assertThat(r.steps()).allMatch(s -> s.status() == StepReport.Status.SUCCEEDED);
    }

    @Test
    void aStepThatHangsIsKilledAtTheStepTimeoutAndReportedAsFailed() throws Exception {
        long t0 = System.nanoTime();
        StepRunReport r = runner().run(
                        UpgradePlan.update(false),
                        new StepTarget("R", "n"),
                        List.of(service("svc", """
                        - name: hang in step 0
                          command: sleep 600
                          when: step|int == 0
                        """)),
                        options().withStepTimeout(java.time.Duration.ofSeconds(15)));
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0)).isLessThan(java.time.Duration.ofSeconds(60));
        StepReport step0 = r.step(0).orElseThrow();
        assertThat(step0.status()).isEqualTo(StepReport.Status.FAILED);
        assertThat(step0.note()).contains("step timeout");
        assertThat(r.step(1).orElseThrow().status()).isEqualTo(StepReport.Status.NOT_RUN);
    }
}
