package io.rapport.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rapport.catalog.CatalogItem;
import io.rapport.copurchase.CustomerItems;
import io.rapport.copurchase.Totals;
import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import io.rapport.testing.Snapshots;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewsTest {
    private final Views views = Views.empty();

    @Test
    void itemRecord_storesSnapshotUnderTheRecordKey() {
        views.apply(
                Topics.ITEMS,
                "whole milk",
                Json.encode(
                        Snapshots.item("whole milk", 7).neighbour("bread", 3).build()));

        assertThat(views.items().get("whole milk")).hasValueSatisfying(s -> {
            assertThat(s.buyers()).isEqualTo(7);
            assertThat(s.neighbours()).extracting(n -> n.itemId()).containsExactly("bread");
        });
    }

    @Test
    void itemRecord_keepsItsEventTimeAndRecentBuyers() {
        // the time decay of scores reads asOf; the category fallback ranks by recentBuyers
        String json = "{\"itemId\":\"milk\",\"category\":\"dairy\",\"buyers\":9,\"viewers\":0,"
                + "\"viewersWhoBought\":0,\"neighbours\":[],\"updatedAt\":5,\"asOf\":1796436905907,"
                + "\"recentBuyers\":2}";
        views.apply(Topics.ITEMS, "milk", json.getBytes(StandardCharsets.UTF_8));

        assertThat(views.items().get("milk")).hasValueSatisfying(s -> {
            assertThat(s.asOf()).isEqualTo(1796436905907L);
            assertThat(s.recentBuyers()).isEqualTo(2);
        });
    }

    @Test
    void tombstones_deleteItemsAndCustomers() {
        views.apply(Topics.ITEMS, "milk", Json.encode(Snapshots.item("milk", 1).build()));
        views.apply(Topics.CUSTOMER_ITEMS, "c-1", Json.encode(new CustomerItems("c-1", List.of("milk"))));

        views.apply(Topics.ITEMS, "milk", null);
        views.apply(Topics.CUSTOMER_ITEMS, "c-1", null);

        assertThat(views.items().get("milk")).isEmpty();
        assertThat(views.customers().bought("c-1")).isEmpty();
    }

    @Test
    void customerAndTotalsRecords_areApplied() {
        views.apply(Topics.CUSTOMER_ITEMS, "c-1", Json.encode(new CustomerItems("c-1", List.of("milk", "eggs"))));
        views.apply(Topics.TOTALS, Topics.TOTALS_KEY, Json.encode(new Totals(42)));

        assertThat(views.customers().bought("c-1")).containsExactlyInAnyOrder("milk", "eggs");
        assertThat(views.totals().population()).isEqualTo(42);
    }

    @Test
    void itemChanges_areReportedToListenersAfterTheViewHoldsThem() {
        List<String> seen = new ArrayList<>();
        views.items().onChange(id -> seen.add(id + ":" + views.items().buyers(id)));

        views.apply(Topics.ITEMS, "milk", Json.encode(Snapshots.item("milk", 5).build()));
        views.apply(Topics.ITEMS, "milk", null);
        views.apply(Topics.ITEMS, "never-seen", null);

        assertThat(seen).containsExactly("milk:5", "milk:0");
    }

    @Test
    void malformedValue_isRefusedAndChangesNothing() {
        assertThatThrownBy(() -> views.apply(Topics.ITEMS, "milk", "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(views.items().size()).isZero();
    }

    @Test
    void progress_staysReadyOnceCaughtUp() {
        ViewProgress progress = views.progress();
        assertThat(progress.ready()).isFalse();

        progress.report(10, false, 1);
        assertThat(progress.ready()).isFalse();
        progress.report(0, true, 2);
        progress.report(500, false, 3);

        assertThat(progress.ready()).isTrue();
        assertThat(progress.lag()).isEqualTo(500);
        assertThat(progress.lastCheckMillis()).isEqualTo(3);
    }

    @Test
    void catalogue_dearerInCategory_followsPutsMovesAndRemovals_cheapestFirst() {
        CatalogView catalog = views.catalog();
        catalog.put(new CatalogItem("a", "A", "drinks", 5, true));
        catalog.put(new CatalogItem("b", "B", "drinks", 2, true));
        catalog.put(new CatalogItem("c", "C", "drinks", 9, true));
        catalog.put(new CatalogItem("d", "D", "drinks", 7, false));
        assertThat(catalog.dearerInCategory("drinks", 2, 10)).containsExactly("a", "c");
        assertThat(catalog.dearerInCategory("drinks", 2, 1)).containsExactly("a");

        catalog.put(new CatalogItem("a", "A", "food", 5, true));
        catalog.put(new CatalogItem("c", "C", "drinks", 3, true));
        catalog.remove("b");
        assertThat(catalog.dearerInCategory("drinks", 0, 10)).containsExactly("c");
        assertThat(catalog.dearerInCategory("food", 4.99, 10)).containsExactly("a");
        assertThat(catalog.dearerInCategory("toys", 0, 10)).isEmpty();
    }

    @Test
    void progress_heldForAReason_isNotReady_untilReleased_butStaysCaughtUp() {
        ViewProgress progress = views.progress();
        progress.hold("replaying_sample");
        progress.report(0, true, 1);

        assertThat(progress.caughtUp()).isTrue();
        assertThat(progress.ready()).isFalse();
        assertThat(progress.held()).isEqualTo("replaying_sample");

        progress.release();
        assertThat(progress.ready()).isTrue();
        assertThat(progress.held()).isNull();
    }
}
