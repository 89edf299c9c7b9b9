package io.rapport.embedded;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to run the embedded stack.
 *
 * @param dataDir where the broker's logs and Flink's checkpoints live; a restart with the same
 *     directory resumes with the same data
 * @param apiPort HTTP port of the API (0 for a free one)
 * @param kafkaPort client port of the broker (0: 9092 when free, else a free port)
 * @param parallelism Flink parallelism of the jobs
 * @param partitions partitions of the event topic and of the view topics
 * @param jobOptions options of the Flink jobs, as their {@code main}s take them without the dashes
 *     (e.g. {@code session-gap → "45 min"}); empty for every default
 */
public record StackConfig(
        Path dataDir, int apiPort, int kafkaPort, int parallelism, int partitions, Map<String, String> jobOptions) {
    public StackConfig {
        jobOptions = Map.copyOf(jobOptions);
    }

    /** A stack whose jobs run with their defaults. */
    public StackConfig(Path dataDir, int apiPort, int kafkaPort, int parallelism, int partitions) {
        this(dataDir, apiPort, kafkaPort, parallelism, partitions, Map.of());
    }
}
