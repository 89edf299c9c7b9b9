package io.rapport.lag;

import java.time.Duration;
import java.util.Map;

/**
 * When a stream job counts as lagging: its consumer group's lag on {@code events} stayed above
 * {@code thresholdRecords} for longer than {@code after}, or the group has records to read and its
 * committed position has not moved for {@code stalledAfter} (a stopped job at low traffic, whose
 * lag may never reach the threshold). Flink commits offsets only at checkpoints (in the embedded
 * stack 5 s apart while events arrive, up to 20 s on a large state, none while idle; every 10 s in
 * the cluster manifests), so a healthy job's lag briefly reaches what arrives within one checkpoint
 * interval, and its position moves once per interval; {@code after} and {@code stalledAfter} must
 * span more than one.
 *
 * @param thresholdRecords lag, in records of {@code events}, that is tolerated (default 1,000)
 * @param after how long the lag must stay above the threshold (default 30 s)
 * @param interval how often the lag is measured (default 2 s)
 * @param stalledAfter how long a position may stand still with records to read (default 60 s; 0
 *     turns the check off)
 */
public record JobLagSettings(long thresholdRecords, Duration after, Duration interval, Duration stalledAfter) {
    private static final Duration DEFAULT_STALLED_AFTER = Duration.ofSeconds(60);
    public static final JobLagSettings DEFAULTS =
            new JobLagSettings(1_000, Duration.ofSeconds(30), Duration.ofSeconds(2), DEFAULT_STALLED_AFTER);

    /** With the default {@code stalledAfter}. */
    public JobLagSettings(long thresholdRecords, Duration after, Duration interval) {
        this(thresholdRecords, after, interval, DEFAULT_STALLED_AFTER);
    }

    public JobLagSettings {
        if (thresholdRecords < 0) {
            throw new IllegalArgumentException("RAPPORT_JOB_LAG_RECORDS must be >= 0: " + thresholdRecords);
        }
        if (after.isNegative() || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException(
                    "RAPPORT_JOB_LAG_SECONDS must be >= 0 and the interval positive: " + after.toSeconds());
        }
        if (stalledAfter.isNegative()) {
            throw new IllegalArgumentException("RAPPORT_JOB_STALL_SECONDS must be >= 0: " + stalledAfter.toSeconds());
        }
    }

    /**
     * From {@code RAPPORT_JOB_LAG_RECORDS}, {@code RAPPORT_JOB_LAG_SECONDS} and {@code
     * RAPPORT_JOB_STALL_SECONDS}, defaults where unset.
     *
     * @throws IllegalArgumentException naming the variable that is not a number
     */
    public static JobLagSettings fromEnvironment(Map<String, String> env) {
        long records = number(env, "RAPPORT_JOB_LAG_RECORDS", DEFAULTS.thresholdRecords());
        long seconds = number(env, "RAPPORT_JOB_LAG_SECONDS", DEFAULTS.after().toSeconds());
        long stalled =
                number(env, "RAPPORT_JOB_STALL_SECONDS", DEFAULTS.stalledAfter().toSeconds());
        return new JobLagSettings(
                records, Duration.ofSeconds(seconds), DEFAULTS.interval(), Duration.ofSeconds(stalled));
    }

    private static long number(Map<String, String> env, String name, long otherwise) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not " + value);
        }
    }
}
