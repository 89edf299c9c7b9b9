package io.rapport.jobs;

import io.rapport.config.WholeNumbers;
import org.apache.flink.util.ParameterTool;

/**
 * The jobs' bound options ({@code --pair-items 200}, {@code --neighbours 100}, …), read by each job's
 * {@code settings} from its arguments: whole numbers from 1 to {@value #MAX_COUNT}, the job's
 * default where not given. A wrong one is refused, naming the option, before the job starts.
 */
public final class JobOptions {
    /** The most any bound may be: far above a useful setting, so that a typo is caught. */
    public static final int MAX_COUNT = 1_000_000;

    private JobOptions() {}

    /** The option {@code --name}, or {@code fallback} when it is not given. */
    public static int count(ParameterTool params, String name, int fallback) {
        String raw = params.get(name);
        return raw == null ? fallback : WholeNumbers.parse("--" + name, raw, 1, MAX_COUNT);
    }
}
