package dev.hearth.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnsibleOutputTest {
    @Test
    void lastFailureThatWasNotIgnoredNamesTheTask() {
        String out = """
                PLAY [all] *********************************************************************

                TASK [ignored one] *************************************************************
                fatal: [localhost]: FAILED! => {"changed": false, "msg": "meh"}
                ...ignoring

                TASK [svc : real failure] ******************************************************
                failed: [localhost] (item=a) => {"ansible_loop_var": "item", "msg": "x"}
                fatal: [localhost]: FAILED! => {"msg": "All items completed, but some failed"}

                PLAY RECAP *********************************************************************
                localhost                  : ok=1    changed=0    unreachable=0    failed=1
                """;
        assertThat(AnsibleOutput.failedTask(out)).contains("svc : real failure");
    }

    @Test
    void noFailureNoTask() {
        assertThat(AnsibleOutput.failedTask("TASK [a] ****\nok: [localhost]\n")).isEmpty();
        assertThat(AnsibleOutput.failedTask("TASK [a] ****\nfatal: [localhost]: FAILED! => {}\n...ignoring\n"))
                .isEmpty();
        assertThat(AnsibleOutput.failedTask("")).isEmpty();
    }

    @Test
    void tailKeepsTheLastLines() {
        assertThat(AnsibleOutput.tail("a\nb\nc\n", 2)).isEqualTo("b\nc");
        assertThat(AnsibleOutput.tail("a\nb", 5)).isEqualTo("a\nb");
        assertThat(AnsibleOutput.tail("", 5)).isEmpty();
    }
}
