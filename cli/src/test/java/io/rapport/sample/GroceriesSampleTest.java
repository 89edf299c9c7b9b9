package io.rapport.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.event.Event;
import io.rapport.event.EventParser;
import io.rapport.event.Item;
import io.rapport.event.Limits;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GroceriesSampleTest {
    private static final Instant END = Instant.parse("2026-11-22T18:00:00Z");

    private static List<Event> events() {
        EventParser parser = new EventParser(Limits.DEFAULTS, Clock.fixed(END, ZoneOffset.UTC));
        return GroceriesSample.events(END).stream()
                .map(line -> parser.parse(line.getBytes(StandardCharsets.UTF_8)))
                .toList();
    }

    @Test
    void everyBasketBecomesOneValidPurchaseOfItsOwnCustomer() {
        List<Event> events = events();
        assertThat(events).hasSize(9835);
        assertThat(events.stream().map(Event::customerId).distinct()).hasSize(9835);
        assertThat(events.stream().mapToInt(e -> e.items().size()).sum()).isEqualTo(43_367);
        assertThat(events.get(events.size() - 1).timestamp()).isEqualTo(END.toEpochMilli());
        assertThat(events.get(0).timestamp())
                .isGreaterThan(END.minus(GroceriesSample.SPAN).toEpochMilli() - 1);
        assertThat(events.stream()
                        .mapToInt(
                                e -> e.items().stream().mapToInt(Item::quantity).sum())
                        .sum())
                .as("the real quantities of Groceries.data")
                .isEqualTo(48_332);
    }

    @Test
    void countsReproduceThePublishedGroceriesFigures() {
        Map<String, Integer> buyers = new HashMap<>();
        int milkAndVegetables = 0;
        for (Event e : events()) {
            Set<String> items = e.items().stream().map(Item::itemId).collect(Collectors.toSet());
            items.forEach(i -> buyers.merge(i, 1, Integer::sum));
            if (items.contains("whole milk") && items.contains("other vegetables")) {
                milkAndVegetables++;
            }
        }
        assertThat(buyers)
                .hasSize(169)
                .containsEntry("whole milk", 2513)
                .containsEntry("yogurt", 1372)
                .containsKey("cream cheese");
        assertThat(milkAndVegetables).isEqualTo(736);
    }

    @Test
    void itemsCarryTheirCategoryAndAStablePrice() {
        Item milk = events().stream()
                .flatMap(e -> e.items().stream())
                .filter(i -> i.itemId().equals("whole milk"))
                .findFirst()
                .orElseThrow();
        assertThat(milk.category()).isNotBlank().isNotEqualTo("other");
        assertThat(milk.price()).isEqualTo(GroceriesSample.price("whole milk")).isBetween(0.49, 9.99);
    }
}
