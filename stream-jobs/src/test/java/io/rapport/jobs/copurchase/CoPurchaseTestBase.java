package io.rapport.jobs.copurchase;

import io.rapport.event.EventParser;
import io.rapport.jobs.ingest.ShopperAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Named instants and event factories for the co-purchase tests. Events are built as wire JSON and,
 * for the function tests, turned into {@link ShopperAction}s by the production parser, so every test
 * event is one the job would accept. An item's category is {@code cat-<itemId>}.
 */
abstract class CoPurchaseTestBase {
    /** Event times lie well in the past: the parser refuses events more than a day in the future. */
    static final Instant MONDAY = Instant.parse("2024-09-02T10:00:00Z");

    static final Instant TUESDAY = MONDAY.plus(Duration.ofDays(1));
    static final Instant WEDNESDAY = MONDAY.plus(Duration.ofDays(2));
    static final Duration RETENTION = CoPurchaseSettings.DEFAULTS.retention();

    private static final EventParser PARSER = new EventParser();

    static String purchase(Instant at, String customer, String orderId, String... items) {
        String lines = Stream.of(items)
                .map(item -> "{\"itemId\":\"" + item + "\",\"category\":\"" + categoryOf(item)
                        + "\",\"price\":2.5,\"quantity\":1}")
                .collect(Collectors.joining(","));
        return "{\"eventId\":\"purchase-" + orderId + "\",\"type\":\"purchase\",\"customerId\":\"" + customer
                + "\",\"timestamp\":\"" + at + "\",\"orderId\":\"" + orderId + "\",\"items\":[" + lines + "]}";
    }

    static String view(Instant at, String customer, String item) {
        return "{\"eventId\":\"view-" + customer + "-" + item + "-" + at.toEpochMilli()
                + "\",\"type\":\"view\",\"customerId\":\"" + customer + "\",\"timestamp\":\"" + at
                + "\",\"items\":[{\"itemId\":\"" + item + "\",\"category\":\"" + categoryOf(item) + "\"}]}";
    }

    static String erase(Instant at, String customer) {
        return "{\"eventId\":\"erase-" + customer + "-" + at.toEpochMilli() + "\",\"type\":\"erase\",\"customerId\":\""
                + customer + "\",\"timestamp\":\"" + at + "\"}";
    }

    static String categoryOf(String item) {
        return "cat-" + item;
    }

    /** The action the job makes of a valid event. */
    static ShopperAction action(String json) {
        return ShopperAction.of(PARSER.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The net effect of deltas, without zeros: {@code buyers(a)}, {@code viewers(a)}, {@code
     * viewersWhoBought(a)} and {@code pair(a,b)} mapped to their sums.
     */
    static Map<String, Integer> net(List<ItemDelta> deltas) {
        Map<String, Integer> net = new HashMap<>();
        for (ItemDelta d : deltas) {
            d.forEachChange(
                    (neighbour, change) -> net.merge("pair(" + d.itemId + "," + neighbour + ")", change, Integer::sum));
            net.merge("buyers(" + d.itemId + ")", d.buyers, Integer::sum);
            net.merge("viewers(" + d.itemId + ")", d.viewers, Integer::sum);
            net.merge("viewersWhoBought(" + d.itemId + ")", d.viewersWhoBought, Integer::sum);
        }
        net.values().removeIf(v -> v == 0);
        return net;
    }

    /** The net {@link ItemDelta#newBuyers} per item, zeros left out. */
    static Map<String, Integer> newBuyers(List<ItemDelta> deltas) {
        Map<String, Integer> net = new HashMap<>();
        for (ItemDelta d : deltas) {
            net.merge(d.itemId, d.newBuyers, Integer::sum);
        }
        net.values().removeIf(v -> v == 0);
        return net;
    }

    /** The elements of {@code all} from index {@code from} on, i.e. what was emitted after a point. */
    static <T> List<T> since(List<T> all, int from) {
        return new ArrayList<>(all.subList(from, all.size()));
    }
}
