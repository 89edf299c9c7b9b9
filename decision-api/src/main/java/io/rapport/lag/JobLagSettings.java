package io.rapport.lag;

import java.time.Duration;
import java.util.Map;

/**
 * When a stream job counts as lagging: its consumer group's lag on {@code events} stayed above
 * {@code thresholdRecords} for longer than {@code after}. Flink commits offsets only at checkpoints
 * (every 5 s in the embedded stack), so a healthy job's lag briefly reaches what arrives within one
 * checkpoint interval; {@code after} must span several intervals.
 *
 * @param thresholdRecords lag, in records of {@code events}, that is tolerated (default 1,000)
 * @param after how long the lag must stay above the threshold (default 30 s)
 * @param interval how often the lag is measured (default 2 s)
 */
public record JobLagSettings(long thresholdRecords, Duration after, Duration interval) {
    public static final JobLagSettings DEFAULTS =
            new JobLagSettings(1_000, Duration.ofSeconds(30), Duration.ofSeconds(2));

    public JobLagSettings {
        if (thresholdRecords < 0) {
            throw new IllegalArgumentException("RAPPORT_JOB_LAG_RECORDS must be >= 0: " + thresholdRecords);
        }
        if (after.isNegative() || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException(
                    "RAPPORT_JOB_LAG_SECONDS must be >= 0 and the interval positive: " + after.toSeconds());
        }
    }

    /**
     * From {@code RAPPORT_JOB_LAG_RECORDS} and {@code RAPPORT_JOB_LAG_SECONDS}, defaults where unset.
     *
     * @throws IllegalArgumentException naming the variable that is not a number
     */
    public static JobLagSettings fromEnvironment(Map<String, String> env) {
        long records = number(env, "RAPPORT_JOB_LAG_RECORDS", DEFAULTS.thresholdRecords());
        long seconds = number(env, "RAPPORT_JOB_LAG_SECONDS", DEFAULTS.after().toSeconds());
        return new JobLagSettings(records, Duration.ofSeconds(seconds), DEFAULTS.interval());
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
