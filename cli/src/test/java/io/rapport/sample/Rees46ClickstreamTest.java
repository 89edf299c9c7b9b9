package io.rapport.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rapport.event.Event;
import io.rapport.event.EventParser;
import io.rapport.event.EventType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Rees46ClickstreamTest {
    private static final Path SHARED_SAMPLE = Path.of("../../shared/data/rees46-ecommerce-sample/2019-Oct-sample.csv");
    private final EventParser parser = new EventParser();

    private Event parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void viewRow_becomesAValidViewEvent() {
        Event view = parse(Rees46Clickstream.event(
                "2019-10-01 00:00:01 UTC,view,17200506,2053013559792632471,furniture.living_room.sofa,,543.10,519107250,566511c2",
                4));
        assertThat(view.type()).isEqualTo(EventType.VIEW);
        assertThat(view.eventId()).isEqualTo("rees46-4");
        assertThat(view.customerId()).isEqualTo("rees46-u-519107250");
        assertThat(view.sessionId()).isEqualTo("566511c2");
        assertThat(view.timestamp())
                .isEqualTo(java.time.Instant.parse("2019-10-01T00:00:01Z").toEpochMilli());
        assertThat(view.items()).singleElement().satisfies(item -> {
            assertThat(item.itemId()).isEqualTo("17200506");
            assertThat(item.category()).isEqualTo("furniture.living_room.sofa");
        });
    }

    @Test
    void purchaseRow_getsItsOwnOrder_andAnEmptyCategoryCodeFallsBackToTheCategoryId() {
        Event purchase = parse(Rees46Clickstream.event(
                "2019-10-01 00:02:14 UTC,purchase,1004856,2053013555631882655,,samsung,130.76,543272936,8187d148",
                212));
        assertThat(purchase.type()).isEqualTo(EventType.PURCHASE);
        assertThat(purchase.orderId()).isEqualTo("rees46-o-212");
        assertThat(purchase.items()).singleElement().satisfies(item -> {
            assertThat(item.category()).isEqualTo("2053013555631882655");
            assertThat(item.quantity()).isEqualTo(1);
        });
    }

    @Test
    void cartRow_isAnAddToCart_andUnknownTypesAreSkipped() {
        assertThat(parse(Rees46Clickstream.event("2019-10-01 00:00:01 UTC,cart,1,2,,b,1.00,3,s", 2))
                        .type())
                .isEqualTo(EventType.ADD_TO_CART);
        assertThat(Rees46Clickstream.event("2019-10-01 00:00:01 UTC,remove_from_cart,1,2,,b,1.00,3,s", 2))
                .isNull();
    }

    @Test
    void malformedRow_isAnErrorNamingItsLine(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, Rees46Clickstream.HEADER + "\n2019-10-01 00:00:01 UTC,view,1,2\n");
        assertThatThrownBy(() -> Rees46Clickstream.events(csv)).hasMessageContaining("line 2");
        Files.writeString(csv, "time,type\n");
        assertThatThrownBy(() -> Rees46Clickstream.events(csv)).hasMessageContaining("header");
    }

    @Test
    void sharedSample_givesOneValidEventPerRow_withTheDocumentedTypeCounts() {
        assumeTrue(Files.isRegularFile(SHARED_SAMPLE), "shared REES46 sample beside the repository");
        List<Event> events = Rees46Clickstream.events(SHARED_SAMPLE).stream()
                .map(this::parse)
                .toList();
        // PROVENANCE.md of the sample: view 987, cart 3, purchase 10
        Map<EventType, Long> byType =
                events.stream().collect(Collectors.groupingBy(Event::type, Collectors.counting()));
        assertThat(byType)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(EventType.VIEW, 987L, EventType.ADD_TO_CART, 3L, EventType.PURCHASE, 10L));
        assertThat(events.stream().map(Event::eventId).distinct()).hasSize(1_000);
        assertThat(events.stream().map(Event::customerId).distinct()).hasSize(330);
        assertThat(events.stream().collect(Collectors.toMap(Event::sessionId, Function.identity(), (a, b) -> a)))
                .hasSize(372);
    }
}
