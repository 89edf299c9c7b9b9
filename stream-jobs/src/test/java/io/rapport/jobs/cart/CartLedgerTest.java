package io.rapport.jobs.cart;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.jobs.cart.CartLedger.Line;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link CartLedger}: the cart is the fold of its changes in event time, whatever their arrival order. */
class CartLedgerTest {
    private static final long T = 1_700_000_000_000L;
    private static final long MINUTE = 60_000L;
    private static final int MAX_LINES = 100;

    @Test
    void inOrder_addsAndTakes_asTheProfileAlwaysFoldedThem() {
        CartLedger ledger = new CartLedger();
        ledger.add("e1", "a", "dairy", 2.5, 2, T, MAX_LINES);
        ledger.add("e2", "b", null, null, 1, T + 1, MAX_LINES);
        ledger.take("e3", "a", 1, T + 2, MAX_LINES);
        ledger.take("e4", "b", 5, T + 3, MAX_LINES);

        assertThat(ledger.lines(MAX_LINES)).containsExactly(new Line("a", "dairy", 2.5, 1, T));
    }

    @Test
    void anAddArrivingAfterThePurchaseThatBoughtIt_butDatedBefore_staysOut() {
        CartLedger ledger = new CartLedger();
        ledger.purchase(List.of("a"), T, MAX_LINES);
        ledger.add("e1", "a", null, null, 1, T - MINUTE, MAX_LINES);

        assertThat(ledger.lines(MAX_LINES)).isEmpty();

        ledger.add("e2", "a", null, null, 1, T + MINUTE, MAX_LINES);
        assertThat(ledger.lines(MAX_LINES)).containsExactly(new Line("a", null, null, 1, T + MINUTE));
    }

    @Test
    void aTakeArrivingBeforeItsAdd_stillTakesIt() {
        // the audit's case: adds at 0 and 1 min, a take at 2 min arriving first, then the adds
        CartLedger ledger = new CartLedger();
        ledger.take("e3", "a", 1, T + 2 * MINUTE, MAX_LINES);
        ledger.add("e1", "a", null, null, 2, T, MAX_LINES);
        ledger.add("e2", "a", null, null, 1, T + MINUTE, MAX_LINES);

        assertThat(ledger.lines(MAX_LINES)).containsExactly(new Line("a", null, null, 2, T));
    }

    @Test
    void aResentAddOrTake_countsOnce() {
        CartLedger ledger = new CartLedger();
        ledger.add("e1", "a", null, null, 2, T, MAX_LINES);
        ledger.add("e1", "a", null, null, 2, T, MAX_LINES);
        ledger.take("e2", "a", 1, T + 1, MAX_LINES);
        ledger.take("e2", "a", 1, T + 1, MAX_LINES);

        assertThat(ledger.lines(MAX_LINES)).containsExactly(new Line("a", null, null, 1, T));
    }

    @Test
    void aPurchaseOfNoItems_changesNothing() {
        CartLedger ledger = new CartLedger();
        ledger.purchase(List.of(), T, MAX_LINES);
        ledger.add("e1", "a", null, null, 1, T, MAX_LINES);
        ledger.purchase(List.of(), T + 1, MAX_LINES);

        assertThat(ledger.lines(MAX_LINES)).containsExactly(new Line("a", null, null, 1, T));
    }

    @Test
    void aStateKeptBeforeLedgers_startsFromItsLines() {
        CartLedger ledger = CartLedger.of(List.of(new Line("a", "dairy", 1.0, 3, T)), T + MINUTE);
        ledger.take("e1", "a", 1, T + 2 * MINUTE, MAX_LINES);

        assertThat(ledger.lines(MAX_LINES)).containsExactly(new Line("a", "dairy", 1.0, 2, T));
    }

    @Test
    void aPurchase_isRemembered7DaysBehindTheNewestChange_thenFolded() {
        long day = 24 * 60 * MINUTE;
        CartLedger ledger = new CartLedger();
        ledger.purchase(List.of("a"), T, MAX_LINES);
        ledger.add("e1", "b", null, null, 1, T + 6 * day, MAX_LINES);
        // the audit's case: an add of a bought item arriving days late, dated before the purchase
        ledger.add("e2", "a", null, null, 1, T - MINUTE, MAX_LINES);
        assertThat(ledger.lines(MAX_LINES)).extracting(Line::itemId).containsExactly("b");

        ledger.add("e3", "c", null, null, 1, T + 8 * day, MAX_LINES);
        assertThat(ledger.changes).noneMatch(c -> c.itemId.equals("a"));
        assertThat(ledger.lines(MAX_LINES)).extracting(Line::itemId).containsExactly("b", "c");
    }

    @Test
    void changesArrivingShuffled_foldAsTheSameChangesInTimeOrder_andTheLedgerStaysBounded() {
        Random random = new Random(7);
        for (int run = 0; run < 200; run++) {
            int maxLines = 1 + random.nextInt(6);
            List<Change> inTime = randomChanges(random, 40 + random.nextInt(200));
            // arrival: each change displaced by at most a few places, as two producers interleave
            List<Change> arrival = new ArrayList<>(inTime);
            Map<Change, Double> slot = new java.util.HashMap<>();
            for (int i = 0; i < inTime.size(); i++) {
                slot.put(inTime.get(i), i + random.nextDouble() * 4);
            }
            arrival.sort(Comparator.comparingDouble(slot::get));
            CartLedger ledger = new CartLedger();
            for (Change c : arrival) {
                c.applyTo(ledger, maxLines);
                assertThat(ledger.changes.length).isLessThanOrEqualTo(maxLines + 2 * CartLedger.KEPT);
            }
            assertThat(ledger.lines(maxLines))
                    .as("run %d", run)
                    .extracting(Line::itemId, Line::quantity)
                    .containsExactlyElementsOf(reference(inTime, maxLines).entrySet().stream()
                            .map(e -> org.assertj.core.groups.Tuple.tuple(e.getKey(), e.getValue()))
                            .toList());
        }
    }

    /** An add (units above 0), a take (below 0) or a purchase (0) of one item. */
    private record Change(String eventId, String itemId, int units, long at) {
        void applyTo(CartLedger ledger, int maxLines) {
            if (units > 0) {
                ledger.add(eventId, itemId, null, null, units, at, maxLines);
            } else if (units < 0) {
                ledger.take(eventId, itemId, -units, at, maxLines);
            } else {
                ledger.purchase(List.of(itemId), at, maxLines);
            }
        }
    }

    private static List<Change> randomChanges(Random random, int n) {
        List<Change> changes = new ArrayList<>();
        long at = T;
        for (int i = 0; i < n; i++) {
            at += 1 + random.nextInt(180 * 60_000);
            String item = "i" + random.nextInt(8);
            int kind = random.nextInt(10);
            int units = kind < 6 ? 1 + random.nextInt(3) : kind < 9 ? -(1 + random.nextInt(2)) : 0;
            changes.add(new Change("e" + i, item, units, at));
        }
        changes.sort(Comparator.comparingLong(Change::at));
        return changes;
    }

    /** The cart as the profile folds changes in the order given: item → units, in first-add order. */
    private static Map<String, Integer> reference(List<Change> inTime, int maxLines) {
        Map<String, Integer> cart = new LinkedHashMap<>();
        for (Change c : inTime) {
            Integer units = cart.get(c.itemId());
            if (c.units() > 0) {
                if (units != null || cart.size() < maxLines) {
                    cart.put(c.itemId(), (units == null ? 0 : units) + c.units());
                }
            } else if (units != null) {
                if (c.units() < 0 && units > -c.units()) {
                    cart.put(c.itemId(), units + c.units());
                } else {
                    cart.remove(c.itemId());
                }
            }
        }
        return cart;
    }
}
