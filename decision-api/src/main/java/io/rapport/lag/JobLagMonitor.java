package io.rapport.lag;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides, from lag measurements, which stream jobs are lagging: a job is lagging once every
 * measurement over the last {@link JobLagSettings#after()} found its consumer group more than
 * {@link JobLagSettings#thresholdRecords()} records behind the end of {@code events}, or its group
 * had records to read while its committed position stood still for {@link
 * JobLagSettings#stalledAfter()}. A stopped job is noticed the first way as soon as events keep
 * arriving in numbers, the second way at any traffic; a stopped job with no new events has no lag
 * and is not reported (nothing is waiting for it).
 *
 * <p>A failed measurement (Kafka unreachable) makes the lag unknown ({@code -1}) but neither starts
 * nor ends a lagging spell: the broker outage is reported as {@code degraded} by the views.
 *
 * <p>Written by one measuring thread, read by the event loop and the metrics scrape; thread-safe.
 */
public final class JobLagMonitor {
    /**
     * The state of one job; {@code aboveSince} is -1 while the lag is at or below the threshold;
     * {@code position} the group's committed position summed over the partitions (-1 unknown), which
     * has stood still with records to read since {@code positionSince}.
     */
    private record State(
            long lag, long aboveSinceMillis, long measuredAtMillis, long position, long positionSinceMillis) {
        static final State UNMEASURED = new State(-1, -1, 0, -1, -1);
    }

    private final Map<String, String> groupsByJob;
    private final JobLagSettings settings;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    /** @param groupsByJob job name → consumer group id, e.g. {@link io.rapport.kafka.JobGroups#BY_JOB} */
    public JobLagMonitor(Map<String, String> groupsByJob, JobLagSettings settings) {
        this.groupsByJob = Map.copyOf(groupsByJob);
        this.settings = Objects.requireNonNull(settings, "settings");
        groupsByJob.keySet().forEach(job -> states.put(job, State.UNMEASURED));
    }

    public Map<String, String> groupsByJob() {
        return groupsByJob;
    }

    public JobLagSettings settings() {
        return settings;
    }

    /** Records a measured lag (records of {@code events} not yet committed by the job's group). */
    public void report(String job, long lag, long nowMillis) {
        report(job, lag, -1, nowMillis);
    }

    /**
     * Records a measured lag and the group's committed position on {@code events} (summed over the
     * partitions; -1 when unknown, which leaves the stall check out).
     */
    public void report(String job, long lag, long position, long nowMillis) {
        states.computeIfPresent(job, (j, s) -> {
            long since = lag > settings.thresholdRecords()
                    ? (s.aboveSinceMillis() < 0 ? nowMillis : s.aboveSinceMillis())
                    : -1;
            // The clock runs while records wait: a position that stood still over an idle spell (lag
            // 0, nothing to read) has not stalled, and starts its count when the next record arrives.
            long still =
                    position >= 0 && position == s.position() && s.lag() != 0 ? s.positionSinceMillis() : nowMillis;
            return new State(lag, since, nowMillis, position, still);
        });
    }

    /** Records that the lag could not be measured. */
    public void unknown(String job) {
        states.computeIfPresent(
                job,
                (j, s) -> new State(
                        -1, s.aboveSinceMillis(), s.measuredAtMillis(), s.position(), s.positionSinceMillis()));
    }

    /** The last measured lag, -1 when unknown. */
    public long lag(String job) {
        return state(job).lag();
    }

    public boolean lagging(String job, long nowMillis) {
        long since = state(job).aboveSinceMillis();
        return since >= 0 && nowMillis - since >= settings.after().toMillis() || stalled(job, nowMillis);
    }

    /**
     * Whether the job has had records to read for {@code stalledAfter} without its position moving
     * (measured from the first measurement that found records waiting).
     */
    public boolean stalled(String job, long nowMillis) {
        State s = state(job);
        return !settings.stalledAfter().isZero()
                && s.lag() > 0
                && s.position() >= 0
                && nowMillis - s.positionSinceMillis()
                        >= settings.stalledAfter().toMillis();
    }

    /** Whether any job is lagging. */
    public boolean anyLagging(long nowMillis) {
        return groupsByJob.keySet().stream().anyMatch(job -> lagging(job, nowMillis));
    }

    /** Per job {@code {"lag", "lagging", "aboveThresholdSeconds", "stalled"}}, for readiness. */
    public Map<String, Object> details(long nowMillis) {
        Map<String, Object> jobs = new LinkedHashMap<>();
        for (String job : groupsByJob.keySet().stream().sorted().toList()) {
            State s = state(job);
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("lag", s.lag());
            one.put("lagging", lagging(job, nowMillis));
            one.put("aboveThresholdSeconds", s.aboveSinceMillis() < 0 ? 0 : (nowMillis - s.aboveSinceMillis()) / 1000);
            one.put("stalled", stalled(job, nowMillis));
            jobs.put(job, one);
        }
        return jobs;
    }

    private State state(String job) {
        State s = states.get(job);
        if (s == null) {
            throw new IllegalArgumentException("not a watched job: " + job);
        }
        return s;
    }
}
