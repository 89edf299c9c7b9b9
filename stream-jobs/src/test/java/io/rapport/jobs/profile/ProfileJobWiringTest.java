package io.rapport.jobs.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** The Kafka variant of the job wires up without a broker; the pipeline itself is run by {@link ProfileJobTest}. */
class ProfileJobWiringTest {
    @Test
    void forKafka_buildsThePipelineWithStableOperatorUids() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

        ProfileJob.forKafka("localhost:9092", ProfileSettings.DEFAULTS).build(env);

        assertThat(env.getStreamGraph().getStreamNodes().stream()
                        .map(StreamNode::getTransformationUID)
                        .collect(Collectors.toSet()))
                .contains("profile-events", "profile-parse", "profile-profiles", "profile-profiles-sink");
    }
}
