package dev.hearth.role.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.ansible.AnsibleNotFoundException;
import dev.hearth.ansible.AnsiblePlaybook;
import dev.hearth.json.Json;
import dev.hearth.process.ProcessRunner;
import dev.hearth.secret.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure parts of the step engine: plans, playbooks, state; no ansible-playbook needed. */
@Tag("ansible")
class StepPlanTest {
    @TempDir
    Path dir;

    private static ServiceTasks tasks(String service, String yaml) throws Exception {
        return ServiceTasks.of(service, Json.yaml().readTree(yaml));
    }

    @Test
    void updateAndUpgradeRunSteps0To5Everywhere() {
        assertThat(UpgradePlan.update(false).steps())
                .extracting(UpgradePlan.PlannedStep::number)
                .containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(UpgradePlan.upgrade("zed", false).steps()).allMatch(UpgradePlan.PlannedStep::runs);
        assertThat(UpgradePlan.upgrade(null, true).kind().roleDataKey()).isEqualTo("upgrade_tasks");
    }

    @Test
    void postUpdateAndPostUpgradeRunSteps0To3Everywhere() {
        assertThat(UpgradePlan.postUpdate(false).steps())
                .extracting(UpgradePlan.PlannedStep::number)
                .containsExactly(0, 1, 2, 3);
        assertThat(UpgradePlan.postUpdate(false).kind().roleDataKey()).isEqualTo("post_update_tasks");
        UpgradePlan post = UpgradePlan.postUpgrade("zed", false);
        assertThat(post.kind().roleDataKey()).isEqualTo("post_upgrade_tasks");
        assertThat(post.release()).isEqualTo("zed");
        assertThat(post.steps()).hasSize(4).allMatch(UpgradePlan.PlannedStep::runs);
    }

    @Test
    void fastForwardRunsPrepStepsEverywhereAndTheRestOnlyOnTheBootstrapNode() {
        UpgradePlan other = UpgradePlan.fastForward("zed", false);
        assertThat(other.steps())
                .extracting(UpgradePlan.PlannedStep::number)
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(other.steps())
                .filteredOn(UpgradePlan.PlannedStep::runs)
                .extracting(UpgradePlan.PlannedStep::number)
                .containsExactly(1, 2, 3);
        assertThat(other.steps().get(3).skipReason()).contains("bootstrap node");
        assertThat(UpgradePlan.fastForward("zed", true).steps()).allMatch(UpgradePlan.PlannedStep::runs);
        assertThatThrownBy(() -> UpgradePlan.fastForward(" ", true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("release");
    }

    @Test
    void playbookHasTheStepVarsAndAllTasksInServiceOrderWithTheirOwnWhen() throws Exception {
        List<ServiceTasks> services = List.of(
                tasks("svc_a", "- name: a2\n  debug: msg=a\n  when: step|int == 2\n"),
                tasks("svc_b", "- name: b-any\n  shell: |\n    echo one\n    echo two\n"),
                ServiceTasks.of("svc_empty", null));
        StepPlaybook pb = StepPlaybook.forStep(
                UpgradePlan.upgrade("zed", true), 2, new StepTarget("Controller", "ctl-0"), services, false);
        JsonNode doc = Json.yaml().readTree(pb.yaml());
        JsonNode play = doc.get(0);
        assertThat(play.get("hosts").asText()).isEqualTo("all");
        assertThat(play.get("gather_facts").asBoolean()).isFalse();
        assertThat(play.get("vars"))
                .isEqualTo(Json.parse("{\"step\": 2, \"role_name\": \"Controller\", \"node_name\": \"ctl-0\","
                        + " \"is_bootstrap_node\": true, \"release\": \"zed\"}"));
        assertThat(play.get("tasks")).extracting(t -> t.get("name").asText()).containsExactly("a2", "b-any");
        assertThat(play.get("tasks").get(0).get("when").asText()).isEqualTo("step|int == 2");
        assertThat(play.get("tasks").get(1).get("shell").asText()).isEqualTo("echo one\necho two\n");
        assertThat(pb.yaml()).contains("shell: |");
        assertThat(StepPlaybook.forStep(UpgradePlan.update(false), 0, new StepTarget("R", "n"), services, true)
                        .vars()
                        .has("release"))
                .isFalse();
    }

    @Test
    void displayedPlaybookMasksSecretNamedKeys() throws Exception {
        StepPlaybook pb = StepPlaybook.forStep(
                UpgradePlan.update(false),
                1,
                new StepTarget("R", "n"),
                List.of(tasks("db", "- mysql_user:\n    name: nova\n    password: inline-Secret-1\n")),
                false);
        assertThat(pb.yaml()).contains("inline-Secret-1");
        assertThat(pb.yaml(Secrets.none())).doesNotContain("inline-Secret-1").contains("*****");
    }

    @Test
    void aTaskThatIsNotAMapIsRejectedWithTheServiceNamed() {
        assertThatThrownBy(() -> ServiceTasks.of("svc_x", Json.parse("[{\"debug\": {}}, \"oops\"]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("svc_x[1]");
        assertThatThrownBy(() -> ServiceTasks.of("svc_x", Json.parse("{\"a\": 1}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("svc_x");
    }

    @Test
    void stateIsForOneReleaseAndACorruptRecordIsAnError() throws Exception {
        StepState state = new StepState(dir, UpgradePlan.Kind.UPGRADE);
        UpgradePlan zed = UpgradePlan.upgrade("zed", false);
        state.save(zed, new TreeSet<>(List.of(0, 1)), 2, "boom");
        assertThat(state.finished(zed)).containsExactly(0, 1);
        assertThat(state.finished(UpgradePlan.upgrade("yoga", false))).isEmpty();
        assertThat(Json.parse(Files.readString(state.file())).get("failed_task").asText())
                .isEqualTo("boom");
        assertThat(Files.getPosixFilePermissions(state.file())).isEqualTo(dev.hearth.fs.AtomicFiles.FILE_0600);
        Files.writeString(state.file(), "{not json");
        assertThatThrownBy(() -> state.finished(zed)).hasMessageContaining("not a valid step state record");
    }

    @Test
    void reportJson() {
        StepRunReport r = new StepRunReport(
                "upgrade_tasks",
                "zed",
                "n",
                List.of(
                        new StepReport(
                                0, StepReport.Status.SUCCEEDED, java.time.Duration.ofMillis(1500), null, "ok", null),
                        new StepReport(
                                1, StepReport.Status.FAILED, java.time.Duration.ofMillis(20), "t1", "fatal", "rc 2"),
                        StepReport.notRun(2, StepReport.Status.NOT_RUN, "step 1 failed")));
        ObjectNode json = r.toJson();
        assertThat(json.get("succeeded").asBoolean()).isFalse();
        assertThat(json.get("steps").get(0).get("duration_ms").asLong()).isEqualTo(1500);
        assertThat(json.get("steps").get(1).get("status").asText()).isEqualTo("failed");
        assertThat(json.get("steps").get(1).get("failed_task").asText()).isEqualTo("t1");
        assertThat(json.get("steps").get(2).get("failed_task").isNull()).isTrue();
        assertThat(r.failedStep()).map(StepReport::step).contains(1);
    }

    @Test
    void missingAnsibleFailsBeforeAnyStateIsWritten() {
        StepRunner runner = new StepRunner(
                new AnsiblePlaybook(new ProcessRunner(), "/nonexistent/ansible-playbook"),
                dir.resolve("state"),
                System.getenv());
        assertThatThrownBy(() -> runner.run(
                        UpgradePlan.update(false), new StepTarget("R", "n"), List.of(), StepRunOptions.defaults()))
                .isInstanceOf(AnsibleNotFoundException.class)
                .hasMessageContaining("/nonexistent/ansible-playbook");
        assertThat(dir.resolve("state")).doesNotExist();
    }

    @Test
    void oneRunAtATimePerStateDirectory() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        StepRunner runner =
                new StepRunner(new AnsiblePlaybook(new ProcessRunner(), "ansible-playbook"), state, System.getenv());
        try (var ch = java.nio.channels.FileChannel.open(
                        state.resolve(".lock"),
                        java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.WRITE);
                var held = ch.lock()) {
            assertThatThrownBy(() -> runner.run(
                            UpgradePlan.update(false), new StepTarget("R", "n"), List.of(), StepRunOptions.defaults()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another step run");
        }
        assertThat(state.resolve("update_tasks.state.json")).doesNotExist();
    }
}
