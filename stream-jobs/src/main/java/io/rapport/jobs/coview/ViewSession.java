package io.rapport.jobs.coview;

import io.rapport.coview.ViewSessions;
import java.util.Arrays;

/**
 * One view session of a customer, as {@link CustomerSessionsFunction} keeps it: its span of event
 * time and the distinct items it counts, in the order first viewed.
 *
 * <p>A Flink POJO (an array, not a list, so no Kryo) used as keyed state.
 */
public class ViewSession implements ViewSessions.Span {
    public long start;
    public long last;
    public String[] items;

    public ViewSession() {}

    ViewSession(long at, String item) {
        this.start = at;
        this.last = at;
        this.items = new String[] {item};
    }

    @Override
    public long start() {
        return start;
    }

    @Override
    public long last() {
        return last;
    }

    @Override
    public String toString() {
        return "[" + start + ", " + last + "] " + Arrays.toString(items);
    }
}
