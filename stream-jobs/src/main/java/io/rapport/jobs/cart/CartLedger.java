package io.rapport.jobs.cart;

import io.rapport.jobs.copurchase.CustomerMarks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A customer's cart in event time, whatever order its changes arrive in: the changes are kept sorted
 * by event time (then arrival) and the cart is their fold. An add that arrives after the purchase
 * that bought the item, but is dated before it, leaves the cart as the purchase did; a take that
 * arrives before the add it takes from still takes it. Kafka keeps one customer's events in order,
 * but the site's clickstream and the shop's order system are often different producers.
 *
 * <p>Fold rules (as the profile always had them, now in event time): an add adds its units to the
 * item's line (a new line past {@code maxLines} is ignored); a take takes its units out and a line
 * left with none goes; a purchase takes the item's line out. An add or take of an item whose eventId the
 * ledger holds already for that item is a resend and changes nothing.
 *
 * <p>Bounded: changes are folded into one {@code set} per line they leave (at most {@code
 * maxLines}) once they are 7 days (of event time) behind the newest change and a purchase is among
 * them, and past {@code maxLines + 2 ×} {@value #KEPT} changes all but the newest {@value #KEPT}.
 * So the order is exact for changes dated after the oldest one kept as it came; an older change is
 * folded as if it came first among those, and a resend of a folded change counts again. A Flink
 * POJO.
 */
public class CartLedger {
    /** How many of the newest changes compaction keeps as they are. */
    static final int KEPT = 16;
    /**
     * How long (event time, behind the newest change) changes are kept as they came once a purchase
     * is among them: 7 days, for an add that arrives after its purchase though dated before it (the
     * KPI job's conversions and attributions are exact as late).
     */
    static final long PURCHASE_MEMORY_MILLIS = 7 * 24 * 60 * 60 * 1000L;

    private static final Comparator<CartChange> IN_TIME =
            Comparator.comparingLong((CartChange c) -> c.at).thenComparingLong(c -> c.seq);

    /** Sorted by event time, then arrival. */
    public CartChange[] changes = new CartChange[0];

    public long nextSeq;

    public CartLedger() {}

    /** One line of the folded cart. */
    public record Line(String itemId, String category, Double price, int quantity, long addedAt) {}

    /** A ledger holding {@code lines} as they stood at {@code at} (a cart kept before ledgers). */
    public static CartLedger of(List<Line> lines, long at) {
        CartLedger ledger = new CartLedger();
        for (Line l : lines) {
            ledger.insert(new CartChange(l.itemId(), l.category(), l.price(), l.quantity(), true, at, l.addedAt(), 0));
        }
        return ledger;
    }

    /** Records an add of {@code quantity} units at event time {@code at}, once per eventId. */
    public void add(String eventId, String itemId, String category, Double price, int quantity, long at, int maxLines) {
        record(eventId, new CartChange(itemId, category, price, quantity, false, at, 0, 0), maxLines);
    }

    /** Records a take of {@code quantity} units at event time {@code at}, once per eventId. */
    public void take(String eventId, String itemId, int quantity, long at, int maxLines) {
        record(eventId, new CartChange(itemId, null, null, -quantity, false, at, 0, 0), maxLines);
    }

    private void record(String eventId, CartChange change, int maxLines) {
        change.eventHash = eventId == null ? 0 : CustomerMarks.eventHash(eventId);
        for (CartChange c : changes) {
            if (eventId != null && !c.set && c.eventHash == change.eventHash && c.itemId.equals(change.itemId)) {
                return; // a resent event the ledger still holds
            }
        }
        insert(change);
        compact(maxLines);
    }

    /** Records a purchase of the items at event time {@code at}: each item's line goes. */
    public void purchase(List<String> itemIds, long at, int maxLines) {
        for (String itemId : itemIds) {
            insert(new CartChange(itemId, null, null, 0, true, at, 0, 0));
        }
        compact(maxLines);
    }

    /** The cart the changes fold to, lines in the order they were first added. */
    public List<Line> lines(int maxLines) {
        return cart(maxLines).lines();
    }

    /** The cart the changes fold to, with the time of its last change. */
    public Cart cart(int maxLines) {
        return fold(Arrays.asList(changes), maxLines);
    }

    /**
     * A folded cart: its lines, and the event time of the newest change that changed a line in the
     * fold (an add taken, a take or a purchase of an item in the cart), {@code Long.MIN_VALUE} when
     * none did.
     */
    public record Cart(List<Line> lines, long changedAt) {}

    private void insert(CartChange change) {
        change.seq = nextSeq++;
        int at = changes.length;
        while (at > 0 && IN_TIME.compare(changes[at - 1], change) > 0) {
            at--;
        }
        CartChange[] grown = new CartChange[changes.length + 1];
        System.arraycopy(changes, 0, grown, 0, at);
        grown[at] = change;
        System.arraycopy(changes, at, grown, at + 1, changes.length - at);
        changes = grown;
    }

    /**
     * Folds the changes more than {@link #PURCHASE_MEMORY_MILLIS} behind the newest one into one set
     * per line once a purchase is among them; past the bound, all but the newest {@value #KEPT}.
     */
    private void compact(int maxLines) {
        if (changes.length == 0) {
            return; // a purchase of no items
        }
        long horizon = changes[changes.length - 1].at - PURCHASE_MEMORY_MILLIS;
        int old = 0;
        int purchases = 0;
        while (old < changes.length && changes[old].at < horizon) {
            purchases += changes[old].set && changes[old].quantity == 0 ? 1 : 0;
            old++;
        }
        if (purchases > 0) {
            foldOldest(old, maxLines);
        }
        if (changes.length > maxLines + 2 * KEPT) {
            foldOldest(changes.length - KEPT, maxLines);
        }
    }

    /** Replaces the oldest {@code n} changes by one set per line they fold to, as of the last of them. */
    private void foldOldest(int n, int maxLines) {
        CartChange last = changes[n - 1];
        List<CartChange> compacted = new ArrayList<>();
        for (Line l : fold(Arrays.asList(changes).subList(0, n), maxLines).lines()) {
            compacted.add(new CartChange(
                    l.itemId(), l.category(), l.price(), l.quantity(), true, last.at, l.addedAt(), last.seq));
        }
        compacted.addAll(Arrays.asList(changes).subList(n, changes.length));
        changes = compacted.toArray(new CartChange[0]);
    }

    private static Cart fold(List<CartChange> inTime, int maxLines) {
        Map<String, CartChange> lines = new LinkedHashMap<>();
        long changedAt = Long.MIN_VALUE;
        for (CartChange c : inTime) {
            CartChange line = lines.get(c.itemId);
            if (c.set) {
                lines.remove(c.itemId);
                if (c.quantity > 0) {
                    lines.put(
                            c.itemId,
                            new CartChange(c.itemId, c.category, c.price, c.quantity, true, c.at, c.addedAt, 0));
                }
                changedAt = line != null || c.quantity > 0 ? c.at : changedAt;
            } else if (c.quantity > 0) {
                if (line == null && lines.size() < maxLines) {
                    lines.put(c.itemId, new CartChange(c.itemId, c.category, c.price, c.quantity, true, c.at, c.at, 0));
                    changedAt = c.at;
                } else if (line != null) {
                    line.quantity += c.quantity;
                    line.price = c.price == null ? line.price : c.price;
                    line.category = c.category == null ? line.category : c.category;
                    changedAt = c.at;
                }
            } else if (line != null) {
                line.quantity += c.quantity;
                if (line.quantity <= 0) {
                    lines.remove(c.itemId);
                }
                changedAt = c.at;
            }
        }
        List<Line> out = new ArrayList<>(lines.size());
        for (CartChange l : lines.values()) {
            out.add(new Line(l.itemId, l.category, l.price, l.quantity, l.addedAt));
        }
        return new Cart(out, changedAt);
    }
}
