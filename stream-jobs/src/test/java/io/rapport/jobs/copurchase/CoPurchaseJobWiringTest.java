package io.rapport.jobs.copurchase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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
                .hasMessage("--recent-days must be a whole number from 1 to 1000000, not '0'");
    }

    @Test
    void theBounds_defaultAsDocumented_andEachOptionSetsItsOwn() {
        CoPurchaseSettings d = CoPurchaseSettings.DEFAULTS;
        assertThat(List.of(
                        d.maxItemsPerCustomer(),
                        d.maxBoughtItemsPerCustomer(),
                        d.maxViewedItemsPerCustomer(),
                        d.neighboursPerItem()))
                .containsExactly(200, 1000, 500, 100);

        CoPurchaseSettings s = CoPurchaseJob.settings(ParameterTool.fromArgs(
                new String[] {"--pair-items", "20", "--bought-items", "30", "--viewed-items", "40", "--neighbours", "5"
                }));

        assertThat(List.of(
                        s.maxItemsPerCustomer(),
                        s.maxBoughtItemsPerCustomer(),
                        s.maxViewedItemsPerCustomer(),
                        s.neighboursPerItem(),
                        s.recentDays()))
                .containsExactly(20, 30, 40, 5, 30);
        assertThat(s.retention()).isEqualTo(d.retention());
    }

    @Test
    void pairItemsAboveTheBoughtDefault_raiseTheBoughtCapWithIt_butNotAboveAGivenOne() {
        assertThat(CoPurchaseJob.settings(ParameterTool.fromArgs(new String[] {"--pair-items", "2000"}))
                        .maxBoughtItemsPerCustomer())
                .isEqualTo(2000);
        assertThatThrownBy(() -> CoPurchaseJob.settings(
                        ParameterTool.fromArgs(new String[] {"--pair-items", "300", "--bought-items", "200"})))
                .hasMessage("--bought-items must be at least --pair-items (300), was 200");
    }

    @Test
    void aBadBound_isRefusedNamingItsOption() {
        for (String bad : new String[] {"0", "-5", "ten", "1000001"}) {
            assertThatThrownBy(() -> CoPurchaseJob.settings(ParameterTool.fromArgs(new String[] {"--neighbours", bad})))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--neighbours must be a whole number from 1 to 1000000, not '" + bad + "'");
        }
    }
}
