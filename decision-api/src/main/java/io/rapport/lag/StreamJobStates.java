package io.rapport.lag;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stream jobs' states as the process running them reports them (the embedded stack, which runs
 * the Flink job in the API's JVM; on a cluster nobody reports and readiness relies on the jobs' lag).
 * A job is <em>down</em> once it has ended ({@code FINISHED}, {@code CANCELED}, {@code FAILED}: nothing
 * is counted until it is started again) or has been in any state but {@code RUNNING} (restarting after
 * a failure, say) for {@link #DOWN_AFTER_MILLIS}. The lag cannot show this while no events arrive: a
 * job that stopped in a quiet spell has nothing to fall behind on. Thread-safe.
 */
public final class StreamJobStates {
    /** How long a job may be restarting (or starting) before it counts as down. */
    public static final long DOWN_AFTER_MILLIS = 10_000;

    private static final Set<String> ENDED = Set.of("FINISHED", "CANCELED", "FAILED");

    /** A job's state and since when it has held it, epoch milliseconds. */
    public record State(String state, long sinceMillis) {}

    private final Map<String, State> states = new ConcurrentHashMap<>();

    /** Records the job's state at {@code nowMillis}; the time changes only with the state. */
    public void report(String job, String state, long nowMillis) {
        states.compute(job, (j, old) -> old != null && old.state().equals(state) ? old : new State(state, nowMillis));
    }

    /** Whether any job has been reported. */
    public boolean reported() {
        return !states.isEmpty();
    }

    /** The reported jobs by name. */
    public Map<String, State> states() {
        return new TreeMap<>(states);
    }

    /** Whether a reported job is down at {@code nowMillis}. */
    public boolean down(long nowMillis) {
        for (State s : states.values()) {
            if (ENDED.contains(s.state())
                    || !"RUNNING".equals(s.state()) && nowMillis - s.sinceMillis() >= DOWN_AFTER_MILLIS) {
                return true;
            }
        }
        return false;
    }
}
