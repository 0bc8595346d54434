package dev.hearth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark's claim, checked: one request per idle poll for every HTTP collector. */
class IdlePollBenchTest {
    @Test
    void everyHttpCollectorSendsOneRequestPerIdlePoll() throws Exception {
        var rows = IdlePollBench.run(5);
        assertThat(rows).extracting(IdlePollBench.Row::collector).containsExactly("request", "heat", "cfn", "zaqar");
        assertThat(rows)
                .allSatisfy(r -> assertThat(r.perIdlePoll()).as(r.collector()).isEqualTo(1.0));
        assertThat(rows)
                .filteredOn(r -> r.collector().equals("heat"))
                .singleElement()
                .satisfies(r -> assertThat(r.firstPoll()).isEqualTo(2));
    }
}
