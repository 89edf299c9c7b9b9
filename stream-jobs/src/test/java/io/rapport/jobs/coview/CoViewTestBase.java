package io.rapport.jobs.coview;

import io.rapport.event.EventParser;
import io.rapport.jobs.copurchase.ItemDelta;
import io.rapport.jobs.ingest.ShopperAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Named instants and event factories for the co-view tests; events are wire JSON turned into
 * {@link ShopperAction}s by the production parser. An item's category is {@code cat-<itemId>}.
 */
abstract class CoViewTestBase {
    static final Instant NINE = Instant.parse("2024-09-02T09:00:00Z");
    static final Duration GAP = CoViewSettings.DEFAULTS.sessionGap();
    static final Duration RETENTION = CoViewSettings.DEFAULTS.retention();

    private static final EventParser PARSER = new EventParser();

    /** A view {@code minutes} after {@link #NINE}; its eventId is derived from customer, item and time. */
    static String view(int minutes, String customer, String item) {
        return view("view-" + customer + "-" + item + "-" + minutes, minutes, customer, item);
    }

    static String view(String eventId, int minutes, String customer, String item) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"view\",\"customerId\":\"" + customer
                + "\",\"timestamp\":\"" + at(minutes) + "\",\"items\":[{\"itemId\":\"" + item
                + "\",\"category\":\"cat-" + item + "\"}]}";
    }

    static String erase(int minutes, String customer) {
        return "{\"eventId\":\"erase-" + customer + "-" + minutes + "\",\"type\":\"erase\",\"customerId\":\"" + customer
                + "\",\"timestamp\":\"" + at(minutes) + "\"}";
    }

    static String purchase(int minutes, String customer, String item) {
        return "{\"eventId\":\"p-" + customer + "-" + minutes + "\",\"type\":\"purchase\",\"customerId\":\""
                + customer + "\",\"timestamp\":\"" + at(minutes) + "\",\"orderId\":\"o-" + minutes
                + "\",\"items\":[{\"itemId\":\"" + item + "\",\"price\":1,\"quantity\":1}]}";
    }

    static Instant at(int minutes) {
        return NINE.plus(Duration.ofMinutes(minutes));
    }

    static ShopperAction action(String json) {
        return ShopperAction.of(PARSER.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** The net effect of deltas, without zeros: {@code sessions(a)} and {@code pair(a,b)} mapped to their sums. */
    static Map<String, Integer> net(List<ItemDelta> deltas) {
        Map<String, Integer> net = new HashMap<>();
        for (ItemDelta d : deltas) {
            if (d.isPair()) {
                for (String neighbour : d.neighbours()) {
                    net.merge("pair(" + d.itemId + "," + neighbour + ")", d.coPurchases, Integer::sum);
                }
            } else {
                net.merge("sessions(" + d.itemId + ")", d.viewers, Integer::sum);
                net.merge("buyers(" + d.itemId + ")", d.buyers, Integer::sum);
            }
        }
        net.values().removeIf(v -> v == 0);
        return net;
    }
}
