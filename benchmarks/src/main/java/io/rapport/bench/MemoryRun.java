package io.rapport.bench;

import io.rapport.copurchase.ItemSnapshot;
import io.rapport.copurchase.NeighbourCount;
import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import io.rapport.profile.CartLine;
import io.rapport.profile.CategoryAffinity;
import io.rapport.profile.CustomerProfile;
import io.rapport.profile.FeedbackSummary;
import io.rapport.profile.JourneyStage;
import io.rapport.profile.OfferResponses;
import io.rapport.profile.RecentItem;
import io.rapport.store.Views;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * Heap taken by the API's item view, measured as the growth of the used heap after full
 * collections when item snapshots are applied exactly as the view consumer applies them (JSON
 * from the {@code items} topic through {@code Views.apply}): once with items that have no
 * neighbours (bytes per item: snapshot, ids, map entry) and once with {@value #NEIGHBOURS}
 * neighbours each; the difference divided by the number of neighbour entries is the bytes per
 * neighbour edge. Ids are of realistic length ({@code item-00042}). The same for the profile view:
 * as many typical customer profiles applied from their {@code profiles} topic JSON.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.rapport.bench.MemoryRun [items, default 20000]
 * </pre>
 */
public final class MemoryRun {
    private static final int NEIGHBOURS = 100;

    private MemoryRun() {}

    record Result(int items, double bytesPerItem, double bytesPerEdge, double bytesPerProfile) {
        String markdown() {
            return String.format(
                    Locale.ROOT,
                    """
                    Used-heap growth after full GCs, %,d items applied through `Views.apply` from their topic JSON \
                    (JDK %s, compressed oops):

                    | structure | bytes |
                    |---|---|
                    | item in the item view, no neighbours (snapshot, ids, map entry) | %,.0f per item |
                    | neighbour edge in an item's published list (`NeighbourCount`, its id) | %,.0f per edge |
                    | item with the full %d neighbours | %,.0f per item |
                    | customer in the profile view, a typical profile (33 recent items, 10 categories, a cart line, \
                    4 attributes, feedback), decoded from the `profiles` topic | %,.0f per profile |
                    """,
                    items,
                    System.getProperty("java.version"),
                    bytesPerItem,
                    bytesPerEdge,
                    NEIGHBOURS,
                    bytesPerItem + NEIGHBOURS * bytesPerEdge,
                    bytesPerProfile);
        }
    }

    public static void main(String[] args) {
        System.out.println(
                run(args.length > 0 ? Integer.parseInt(args[0]) : 20_000).markdown());
    }

    static Result run(int items) {
        double bare = bytesPerItem(items, 0);
        double full = bytesPerItem(items, NEIGHBOURS);
        return new Result(items, bare, (full - bare) / NEIGHBOURS, bytesPerProfile(items));
    }

    private static double bytesPerProfile(int customers) {
        List<byte[]> records = new ArrayList<>(customers);
        for (int c = 0; c < customers; c++) {
            records.add(Json.encode(typicalProfile(customerId(c))));
        }
        return heapPerRecord(
                Topics.PROFILES,
                MemoryRun::customerId,
                records,
                views -> views.profiles().size());
    }

    /**
     * Used-heap growth, per record, of applying {@code records} (keyed {@code key(i)}) to an empty
     * {@link Views} as the view consumer does; {@code held} says how many the view then holds.
     */
    private static double heapPerRecord(
            String topic, IntFunction<String> key, List<byte[]> records, ToIntFunction<Views> held) {
        Views views = Views.empty();
        long before = usedHeapAfterGc();
        for (int i = 0; i < records.size(); i++) {
            views.apply(topic, key.apply(i), records.get(i));
        }
        long after = usedHeapAfterGc();
        if (held.applyAsInt(views) != records.size()) {
            throw new IllegalStateException("records of " + topic + " missing from the view");
        }
        Reference.reachabilityFence(views);
        Reference.reachabilityFence(records);
        return (after - before) / (double) records.size();
    }

    /** A customer with three orders, some carting and browsing: the shape of decision-api's ProfileViewSizeTest. */
    private static CustomerProfile typicalProfile(String id) {
        long t = System.currentTimeMillis();
        List<RecentItem> recent = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            String type = i < 9 ? "purchase" : i < 13 ? "add_to_cart" : "view";
            recent.add(new RecentItem(id(1_000 + i), "category-" + (i % 18), type, t - i * 3_600_000L));
        }
        List<CategoryAffinity> top = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            top.add(new CategoryAffinity("category-" + i, 12.5 / (i + 1)));
        }
        Map<String, Object> attributes =
                Map.of("birthday", "1990-05-01", "tier", "gold", "marketingConsent", true, "signupDate", "2020-01-01");
        return new CustomerProfile(
                id,
                t - 40 * 86_400_000L,
                t,
                3,
                9,
                22.5,
                7.5,
                t - 86_400_000L,
                JourneyStage.REPEAT,
                top,
                recent,
                List.of(new CartLine(id(1_003), "category-3", 2.5, 1, t - 7_200_000L)),
                t - 7_200_000L,
                attributes,
                new FeedbackSummary(1, 4.0, "Fast delivery, fresh produce.", t),
                new OfferResponses(2, 1, 0),
                t);
    }

    private static String customerId(int c) {
        return String.format(Locale.ROOT, "customer-%06d", c);
    }

    private static double bytesPerItem(int items, int neighbours) {
        Random random = new Random(5);
        List<byte[]> records = new ArrayList<>(items);
        for (int k = 0; k < items; k++) {
            List<NeighbourCount> list = new ArrayList<>(neighbours);
            for (int n = 0; n < neighbours; n++) {
                list.add(new NeighbourCount(id(random.nextInt(items)), neighbours - n + random.nextInt(3)));
            }
            records.add(Json.encode(new ItemSnapshot(
                    id(k),
                    "category-" + (k % 40),
                    1 + random.nextInt(5_000),
                    random.nextInt(20_000),
                    random.nextInt(1_000),
                    list,
                    System.currentTimeMillis())));
        }
        return heapPerRecord(
                Topics.ITEMS, MemoryRun::id, records, views -> views.items().size());
    }

    private static String id(int k) {
        return String.format(Locale.ROOT, "item-%05d", k);
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
