package io.rapport.jobs.testing;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;

/** What every MiniCluster job test builds its job on: the environment and a bounded source of records. */
public final class JobTestEnvironment {
    private JobTestEnvironment() {}

    /**
     * An environment on the shared MiniCluster with parallelism 2 (so keyed records cross subtasks),
     * generic types refused (a type that would fall back to Kryo fails the job), and 5 ms buffers.
     * The MiniCluster extension installs its environment only around each test; a job test runs its
     * job once for all of them, so it builds on this one instead.
     */
    public static StreamExecutionEnvironment on(MiniCluster cluster) {
        Configuration noKryo = new Configuration();
        noKryo.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = new TestStreamEnvironment(cluster, noKryo, 2, List.of(), List.of());
        env.setBufferTimeout(5);
        return env;
    }

    /** A bounded source emitting {@code records} in order, as the events topic would hold them. */
    public static DataGeneratorSource<String> source(List<String> records) {
        List<String> copy = List.copyOf(records);
        return new DataGeneratorSource<>(index -> copy.get(index.intValue()), copy.size(), Types.STRING);
    }

    /**
     * An endless source: {@code first} in order, then {@code filler.map(index)} for ever, 200 a
     * second; with it no end-of-input watermark moves event time, only the records do.
     */
    public static DataGeneratorSource<String> endless(List<String> first, GeneratorFunction<Long, String> filler) {
        List<String> copy = List.copyOf(first);
        return new DataGeneratorSource<>(
                index -> index < copy.size() ? copy.get(index.intValue()) : filler.map(index),
                Long.MAX_VALUE,
                RateLimiterStrategy.perSecond(200),
                Types.STRING);
    }

    /** Runs the job built on {@code env} until {@code done} holds, at most a minute, then cancels it. */
    public static void runUntil(StreamExecutionEnvironment env, String jobName, BooleanSupplier done) throws Exception {
        JobClient job = env.executeAsync(jobName);
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (!done.getAsBoolean() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        } finally {
            job.cancel().get();
        }
    }
}
