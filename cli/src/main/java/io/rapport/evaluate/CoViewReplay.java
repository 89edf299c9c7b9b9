package io.rapport.evaluate;

import io.rapport.copurchase.PairCounting;
import io.rapport.copurchase.TopNeighbours;
import io.rapport.coview.CoViewCount;
import io.rapport.coview.CoViewSnapshot;
import io.rapport.coview.ViewSessionTotals;
import io.rapport.event.Event;
import io.rapport.jobs.coview.CoViewSettings;
import io.rapport.jobs.coview.SessionCounting;
import io.rapport.jobs.coview.ViewSession;
import io.rapport.store.CoViewView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The co-view job's counts, replayed without Flink: each training view goes through the job's own
 * session rules ({@link SessionCounting}: the session gap, the item and session caps, retention),
 * and the exact counts it reports are summed per item and per pair, as the job's item stage sums
 * them. Views must come in event-time order; a customer's sessions whose retention has ended by a
 * view's time are expired first (the job's event-time timer, with the watermark taken as the
 * view's time), and {@link #publish} expires every customer's at the snapshot time.
 */
final class CoViewReplay {
    private final CoViewSettings settings;
    private final SessionCounting counting;
    private final Map<String, List<ViewSession>> sessions = new HashMap<>();
    private final Map<String, Long> viewSessions = new HashMap<>();
    private final Map<String, Map<String, Long>> pairs = new HashMap<>();
    private final Map<String, String> categories = new HashMap<>();
    private final SessionCounting.Deltas sums = new Sums();
    private long totalSessions;

    CoViewReplay(CoViewSettings settings) {
        this.settings = settings;
        this.counting = new SessionCounting(settings);
    }

    /** Counts one view event (its first item, as the job does). */
    void view(Event view) {
        List<ViewSession> current = sessions.computeIfAbsent(view.customerId(), c -> new ArrayList<>());
        counting.expire(current, view.timestamp(), sums);
        var item = view.items().get(0);
        counting.view(current, item.itemId(), item.category(), view.timestamp(), sums);
    }

    /**
     * Puts into {@code view} what the job publishes once its watermark is {@code asOf}: every
     * session whose retention has ended by then expired, each item still in a session with its view
     * sessions and its {@link CoViewSettings#neighboursPerItem} most co-viewed neighbours (ties by
     * itemId), and the number of sessions counted.
     */
    void publish(long asOf, CoViewView view) {
        sessions.values().forEach(s -> counting.expire(s, asOf, sums));
        viewSessions.forEach((item, n) -> {
            if (n > 0) {
                List<CoViewCount> top =
                        TopNeighbours.of(pairs.getOrDefault(item, Map.of()).entrySet(), settings.neighboursPerItem())
                                .stream()
                                .map(c -> new CoViewCount(c.itemId(), c.coPurchases()))
                                .toList();
                view.put(new CoViewSnapshot(item, categories.get(item), n, top, 0));
            }
        });
        view.putTotals(new ViewSessionTotals(totalSessions));
    }

    /** The exact changes of the counts, summed; a pair back to 0 is dropped, as the job drops it. */
    private final class Sums implements SessionCounting.Deltas {
        @Override
        public void item(String itemId, String category, int delta) {
            viewSessions.merge(itemId, (long) delta, Long::sum);
            if (category != null) {
                categories.put(itemId, category);
            }
        }

        @Override
        public void pairs(List<String> others, List<String> changed, int delta) {
            PairCounting.forEachPair(others, changed, (a, b) -> {
                add(a, b, delta);
                add(b, a, delta);
            });
        }

        private void add(String item, String neighbour, int delta) {
            Map<String, Long> counts = pairs.computeIfAbsent(item, x -> new HashMap<>());
            if (counts.merge(neighbour, (long) delta, Long::sum) == 0) {
                counts.remove(neighbour);
            }
        }

        @Override
        public void session(int delta) {
            totalSessions += delta;
        }
    }
}
