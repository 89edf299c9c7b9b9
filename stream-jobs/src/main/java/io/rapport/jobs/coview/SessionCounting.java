package io.rapport.jobs.coview;

import io.rapport.copurchase.PairCounting;
import io.rapport.coview.ViewSessions;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The pure rules of co-view counting for one customer, without Flink: which session a view counts
 * in ({@link ViewSessions}), the per-session item cap ({@link PairCounting} with the session as the
 * owner of its items), the per-customer session cap, and retention. {@link CustomerSessionsFunction}
 * keeps the sessions as keyed state and calls these rules; the offline evaluation keeps them in a
 * map and calls the same rules, so both count alike.
 *
 * <p>Every change of a customer's sessions is reported to a {@link Deltas} as the exact changes it
 * makes to the counts; removing a session reports the exact negatives of what it contributed.
 * Immutable (its settings only), and serializable as part of the Flink function.
 */
public final class SessionCounting implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where the changes of the counts go. */
    public interface Deltas {
        /** The item's view sessions change by {@code delta}; {@code category} is null on removals. */
        void item(String itemId, String category, int delta);

        /**
         * Every pair that {@code changed} forms with {@code others} and within itself changes by
         * {@code delta}, in both directions (as {@link PairCounting#forEachPair}).
         */
        void pairs(List<String> others, List<String> changed, int delta);

        /** The number of sessions counted changes by {@code delta}. */
        void session(int delta);
    }

    private final long gapMillis;
    private final int maxItemsPerSession;
    private final int maxSessionsPerCustomer;
    private final long retentionMillis;

    public SessionCounting(CoViewSettings settings) {
        this.gapMillis = settings.sessionGap().toMillis();
        this.maxItemsPerSession = settings.maxItemsPerSession();
        this.maxSessionsPerCustomer = settings.maxSessionsPerCustomer();
        this.retentionMillis = settings.retention().toMillis();
    }

    /**
     * Counts a view of {@code item} at {@code at} into the customer's {@code sessions} (changed in
     * place): it joins a session, extending its span, and counts there unless the session already
     * holds the item or is full; or it opens a new session while the customer has fewer than the
     * cap.
     *
     * @return the session the view joined or opened, whose expiry the caller schedules; null when
     *     the view opened no session because the customer is at the cap (ignored entirely: it
     *     neither counts nor is kept)
     */
    public ViewSession view(List<ViewSession> sessions, String item, String category, long at, Deltas out) {
        int index = ViewSessions.sessionFor(sessions, at, gapMillis);
        if (index >= 0) {
            ViewSession session = sessions.get(index);
            session.start = Math.min(session.start, at);
            session.last = Math.max(session.last, at);
            List<String> fresh = PairCounting.newlyBought(Set.of(session.items), List.of(item), maxItemsPerSession);
            if (!fresh.isEmpty()) {
                out.item(item, category, 1);
                out.pairs(Arrays.asList(session.items), fresh, 1);
                session.items = append(session.items, item);
            }
            return session;
        }
        if (sessions.size() < maxSessionsPerCustomer) {
            ViewSession session = new ViewSession(at, item);
            sessions.add(session);
            out.item(item, category, 1);
            out.session(1);
            return session;
        }
        return null;
    }

    /**
     * Takes out of {@code sessions} (in place) every session whose retention has ended at event time
     * {@code now} ({@code last + retention <= now}), reporting its exact negatives, in order.
     */
    public void expire(List<ViewSession> sessions, long now, Deltas out) {
        for (Iterator<ViewSession> i = sessions.iterator(); i.hasNext(); ) {
            ViewSession s = i.next();
            if (s.last + retentionMillis <= now) {
                remove(s, out);
                i.remove();
            }
        }
    }

    /** Reports the exact negatives of what a session contributed. */
    public static void remove(ViewSession session, Deltas out) {
        for (String item : session.items) {
            out.item(item, null, -1);
        }
        out.pairs(List.of(), Arrays.asList(session.items), -1);
        out.session(-1);
    }

    private static String[] append(String[] items, String item) {
        String[] more = Arrays.copyOf(items, items.length + 1);
        more[items.length] = item;
        return more;
    }
}
