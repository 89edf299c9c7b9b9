package io.rapport.jobs.copurchase;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.copurchase.Totals;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TotalsFunctionTest {
    private KeyedOneInputStreamOperatorTestHarness<String, Long, TopicRecord> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new TotalsFunction(Duration.ofMillis(50))),
                d -> Topics.TOTALS_KEY,
                Types.STRING);
        harness.setProcessingTime(0);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private Totals published(int index) {
        TopicRecord record = harness.extractOutputValues().get(index);
        assertThat(record.key).isEqualTo(Topics.TOTALS_KEY);
        return Json.decode(record.value, Totals.class);
    }

    @Test
    void sumsPopulationDeltas_oneRecordPerFlush_andClearsStateAtZero() throws Exception {
        for (long delta : new long[] {1, 1, 1, -1}) {
            harness.processElement(delta, 0);
        }
        harness.setProcessingTime(50);

        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(published(0)).isEqualTo(new Totals(2));

        harness.processElement(-1L, 0);
        harness.processElement(-1L, 0);
        harness.setProcessingTime(100);

        assertThat(published(1)).isEqualTo(new Totals(0));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
