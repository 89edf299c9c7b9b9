package io.rapport.jobs.copurchase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.util.ParameterTool;
import org.junit.jupiter.api.Test;

/** The Kafka variant of the job wires up without a broker; the pipeline itself is run by {@link CoPurchaseJobTest}. */
class CoPurchaseJobWiringTest {
    @Test
    void forKafka_buildsThePipelineWithStableOperatorUids() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

        CoPurchaseJob.forKafka("localhost:9092", CoPurchaseSettings.DEFAULTS).build(env);

        assertThat(env.getStreamGraph().getStreamNodes().stream()
                        .map(StreamNode::getTransformationUID)
                        .collect(Collectors.toSet()))
                .contains(
                        "copurchase-events",
                        "copurchase-parse",
                        "copurchase-counted",
                        "copurchase-customer-items",
                        "copurchase-items",
                        "copurchase-totals",
                        "copurchase-dead-letters");
    }

    @Test
    void recentDays_defaultsTo30_andIsConfigurable() {
        assertThat(CoPurchaseJob.settings(ParameterTool.fromArgs(new String[] {"--bootstrap", "k:9092"})))
                .isEqualTo(CoPurchaseSettings.DEFAULTS);
        assertThat(CoPurchaseSettings.DEFAULTS.recentDays()).isEqualTo(30);
        assertThat(CoPurchaseJob.settings(ParameterTool.fromArgs(new String[] {"--recent-days", "7"}))
                        .recentDays())
                .isEqualTo(7);
        assertThatThrownBy(
                        () -> CoPurchaseJob.settings(ParameterTool.fromArgs(new String[] {"--recent-days", "a week"})))
                .hasMessageContaining("--recent-days");
        assertThatThrownBy(() -> CoPurchaseJob.settings(ParameterTool.fromArgs(new String[] {"--recent-days", "0"})))
                .hasMessageContaining("recentDays must be positive");
    }
}
