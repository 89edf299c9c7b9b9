package io.rapport.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.event.Event;
import io.rapport.event.EventParser;
import io.rapport.event.Item;
import io.rapport.event.ItemEvent;
import io.rapport.event.Limits;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stream jobs' fast parse path ({@link EventParser#tryParseItemEvent}) reads every event of the
 * bundled sample, with the values of the full parse. It lives here because the sample lives here: the
 * modules of the parser and of the jobs cannot depend on this one.
 */
class GroceriesSampleFastPathTest {
    private static final Instant END = Instant.parse("2026-11-22T18:00:00Z");

    @Test
    void everySampleEvent_isReadByTheFastPathWithTheFullParsesValues() {
        EventParser parser = new EventParser(Limits.DEFAULTS, Clock.fixed(END, ZoneOffset.UTC));
        List<String> lines = GroceriesSample.events(END);
        assertThat(lines).hasSize(9835);
        for (String line : lines) {
            byte[] json = line.getBytes(StandardCharsets.UTF_8);
            ItemEvent fast = parser.tryParseItemEvent(json);
            Event full = parser.parse(json);
            assertThat(fast).as(line).isNotNull();
            assertThat(fast.eventId()).isEqualTo(full.eventId());
            assertThat(fast.customerId()).isEqualTo(full.customerId());
            assertThat(fast.type()).isEqualTo(full.type());
            assertThat(fast.timestamp()).isEqualTo(full.timestamp());
            assertThat(fast.itemIds())
                    .containsExactly(full.items().stream().map(Item::itemId).toArray(String[]::new));
            assertThat(fast.categories())
                    .containsExactly(full.items().stream().map(Item::category).toArray(String[]::new));
        }
    }
}
