package io.rapport.jobs.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.kpi.KpiPane;
import io.rapport.kpi.PaneSize;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PRODUCT.md: after an erase "every count the customer contributed to is decremented". The job's
 * three stages in harnesses, run twice over the same events, once with customer x's and once
 * without them: after x's erase every published pane of every size is the same in both runs, from
 * x's minute panes of the last day to the hour and day panes of purchases 10 and 19 days old, whose
 * minute panes have expired meanwhile.
 */
class KpiEraseTest extends KpiTestBase {
    private static final Instant END = Instant.parse("2026-06-01T00:00:00Z");

    private static Instant daysBefore(double days) {
        return END.minusSeconds(Math.round(days * 86_400));
    }

    /** Customers a, b and c, and x's events too when {@code withX}, in arrival order. */
    private static List<String> history(boolean withX) {
        List<String> events = new ArrayList<>();
        events.add(purchase("a-1", "a", daysBefore(20), "oa-1", 10, "i-1"));
        events.add(purchase("x-1", "x", daysBefore(19), "ox-1", 12.5, "i-1", "i-2")); // alone in its minute and hour
        events.add(purchase("a-2", "a", daysBefore(18.9), "oa-2", 5, "i-2")); // x's day pane too
        events.add(impression("x-2", "x", daysBefore(12), "spring", false));
        events.add(impression("b-1", "b", daysBefore(12), "spring", true));
        events.add(purchase("x-3", "x", daysBefore(10), "ox-3", 20, "i-3")); // converts x (treated)
        events.add(purchase("b-2", "b", daysBefore(10), "ob-2", 20, "i-3")); // converts b (control)
        events.add(view("x-4", "x", daysBefore(1), "i-4"));
        events.add(addToCart("x-5", "x", daysBefore(0.99), "i-4"));
        events.add(recommendationImpression("x-6", "x", daysBefore(0.98)));
        events.add(recommendationClick("x-7", "x", daysBefore(0.97), "i-4"));
        events.add(view("c-1", "c", daysBefore(0.9), "i-4"));
        events.add(purchase("x-8", "x", daysBefore(0.5), "ox-8", 3, "i-4")); // revenue attributed to the click
        events.add(purchase("x-9", "x", daysBefore(2), "ox-9", 4, "i-5")); // late: x's buyer at -0.5 d relinked
        events.add(feedback("x-10", "x", daysBefore(0.4), 5));
        events.add(click("x-11", "x", daysBefore(0.3), "spring"));
        events.add(redeem("x-12", "x", daysBefore(0.3), "spring"));
        events.add(view("c-2", "c", END.minusSeconds(120), "i-1"));
        if (!withX) {
            events.removeIf(e -> e.contains("\"customerId\":\"x\""));
        }
        return events;
    }

    @Test
    void anErase_takesTheCustomersContributionOutOfEveryPaneOfEverySize() throws Exception {
        try (KpiPipelineHarness with = new KpiPipelineHarness();
                KpiPipelineHarness without = new KpiPipelineHarness()) {
            with.send(history(true));
            without.send(history(false));
            assertThat(with.published()).as("x counted before the erase").isNotEqualTo(without.published());
            Map<String, KpiPane> before = Map.copyOf(with.published());
            assertThat(before)
                    .as("x's minute panes of 19 days ago expired, its hour and day panes kept")
                    .doesNotContainKey(PaneSize.MINUTE.key(
                            PaneSize.MINUTE.start(daysBefore(19).toEpochMilli())))
                    .containsKey(
                            PaneSize.HOUR.key(PaneSize.HOUR.start(daysBefore(10).toEpochMilli())))
                    .containsKey(
                            PaneSize.DAY.key(PaneSize.DAY.start(daysBefore(19).toEpochMilli())));

            String erase = erase("x-erase", "x", END.minusSeconds(60));
            with.send(List.of(erase));
            without.send(List.of(erase)); // nothing to take back: counted as an erase only

            assertThat(with.published()).isEqualTo(without.published());
            assertThat(with.published()
                            .get(PaneSize.DAY.key(
                                    PaneSize.DAY.start(daysBefore(19).toEpochMilli()))))
                    .as("a's purchase stays in the day pane x shared")
                    .isNotNull();
            for (PaneSize size : PaneSize.values()) {
                assertThat(with.purchasePanes("x", size)).isZero();
            }
        }
    }

    @Test
    void afterAnErase_olderEventsAreIgnored_andNewerOnesCountAgain() throws Exception {
        try (KpiPipelineHarness with = new KpiPipelineHarness();
                KpiPipelineHarness without = new KpiPipelineHarness()) {
            String erase = erase("x-erase", "x", END.minusSeconds(60));
            with.send(history(true));
            with.send(List.of(erase));
            without.send(history(false));
            without.send(List.of(erase));

            // the same events again, and one never seen but dated before the erase: all ignored
            List<String> replay = new ArrayList<>(history(true));
            replay.removeIf(e -> !e.contains("\"customerId\":\"x\""));
            replay.add(purchase("x-new-old", "x", daysBefore(0.2), "ox-new-old", 9, "i-9"));
            with.send(replay);
            assertThat(with.published()).isEqualTo(without.published());

            String afterwards = purchase("x-after", "x", END, "ox-after", 6, "i-1");
            with.send(List.of(afterwards));
            without.send(List.of(afterwards));
            assertThat(with.published()).isEqualTo(without.published());
            assertThat(with.published()
                            .get(PaneSize.MINUTE.key(END.toEpochMilli()))
                            .count(KpiPane.PURCHASES))
                    .as("x counts again after the erase")
                    .isEqualTo(1);
        }
    }
}
