package dev.hearth.role;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.json.Json;
import org.junit.jupiter.api.Test;

class PlaybookTasksTest {
    private static final String TASKS = """
            [{"name": "play", "vars": {"step": 2}, "tasks": [
              {"name": "always", "debug": {}},
              {"name": "step one", "when": "step|int == 1", "debug": {}},
              {"name": "step two", "when": "step | int == 2", "debug": {}},
              {"name": "from two", "when": ["step|int >= 2", "x is defined"], "debug": {}},
              {"name": "before three", "when": "step|int < 3 and y", "debug": {}},
              {"name": "one or four", "when": "step|int == 1 or step|int == 4", "debug": {}},
              {"name": "named block", "when": "step|int == 2", "block": [{"name": "inner", "debug": {}}]},
              {"when": "step|int == 2", "block": [{"name": "unnamed block's task", "debug": {}}]},
              {"when": "step|int == 3", "block": [{"name": "step three block's task", "debug": {}}]},
              {"file": {"path": "/tmp/x"}}
            ]}]""";

    @Test
    void listsTheTasksTheStepDoesNotRuleOut() {
        assertThat(PlaybookTasks.names(Json.parse(TASKS), 2))
                .containsExactly(
                        "always",
                        "step two",
                        "from two",
                        "before three",
                        "one or four",
                        "named block",
                        "unnamed block's task",
                        "(unnamed file task)");
        assertThat(PlaybookTasks.names(Json.parse(TASKS), 1))
                .contains("step one")
                .doesNotContain("step two", "from two", "named block");
    }

    @Test
    void withoutAStepEveryTaskIsListed() {
        assertThat(PlaybookTasks.names(Json.parse(TASKS), null)).hasSize(10);
    }
}
