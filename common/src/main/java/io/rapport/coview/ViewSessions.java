package io.rapport.coview;

import java.util.List;

/**
 * The pure rule that puts a customer's views into sessions (PRODUCT.md's also-viewed, "items viewed
 * by the same customer within one session"), shared by the co-view job and the tests' recount.
 *
 * <p>A session is a span {@code [start, last]} of event time. A view at {@code t} joins the session
 * whose span contains {@code t}; otherwise the session nearest to {@code t} if that is at most
 * {@code gap} away (ties: the later session); otherwise it opens a new session. Joining extends the
 * span to {@code t}. Sessions are formed in the customer's event order (Kafka keeps it) and never
 * merged later, so the outcome depends only on that order. Spans stay disjoint, and a repeated view
 * falls inside the span of the session its original joined, which is what makes duplicates
 * harmless: the item is already in that session.
 */
public final class ViewSessions {
    private ViewSessions() {}

    /** A session's span of event time, epoch milliseconds. */
    public interface Span {
        long start();

        long last();
    }

    /** The index in {@code sessions} of the session a view at {@code t} joins, or -1 for a new one. */
    public static int sessionFor(List<? extends Span> sessions, long t, long gapMillis) {
        int best = -1;
        long bestDistance = Long.MAX_VALUE;
        for (int i = 0; i < sessions.size(); i++) {
            Span s = sessions.get(i);
            long distance = t < s.start() ? s.start() - t : Math.max(0, t - s.last());
            boolean closer = best < 0
                    || distance < bestDistance
                    || (distance == bestDistance
                            && s.start() > sessions.get(best).start());
            if (distance <= gapMillis && closer) {
                best = i;
                bestDistance = distance;
            }
        }
        return best;
    }
}
