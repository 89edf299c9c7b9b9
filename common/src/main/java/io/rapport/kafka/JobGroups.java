package io.rapport.kafka;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kafka consumer groups the stream jobs read {@link Topics#EVENTS} as, by the job's name in
 * {@code JobMain}. The decision API measures each group's lag on {@code events} to notice a job
 * that stopped while Kafka is up. Flink's Kafka source commits a group's offsets only when a
 * checkpoint completes, so a healthy job's committed offsets trail by up to a checkpoint interval.
 */
public final class JobGroups {
    /** Job name → consumer group id; each job class's {@code GROUP_ID} equals its entry here. */
    public static final Map<String, String> BY_JOB = byJob();

    private JobGroups() {}

    private static Map<String, String> byJob() {
        Map<String, String> groups = new LinkedHashMap<>();
        groups.put("copurchase", "rapport-copurchase");
        groups.put("profiles", "rapport-profiles");
        groups.put("coview", "rapport-coview");
        groups.put("kpis", "rapport-kpis");
        groups.put("offer-counters", "rapport-offer-counters");
        groups.put("marketing-triggers", "rapport-marketing-triggers");
        return Collections.unmodifiableMap(groups);
    }
}
