package io.rapport.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RowGaugesTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RowGauges gauges = new RowGauges(registry, "rapport.test.", name -> "Test gauge " + name);

    private static RowGauges.Values values(double coffee, Double tea) {
        RowGauges.Values v = new RowGauges.Values();
        v.put("clicks", Tags.of("offer", "coffee"), coffee);
        if (tea != null) {
            v.put("clicks", Tags.of("offer", "tea"), tea);
        }
        v.put("ratio", Tags.of("offer", "coffee"), null);
        return v;
    }

    @Test
    void rowsTakeTheirValues_moveOnEachSet_andLeaveWhenNoLongerGiven() {
        gauges.set(values(3, 5.0));
        String first = registry.scrape();
        assertThat(first)
                .contains("# HELP rapport_test_clicks Test gauge clicks")
                .contains("rapport_test_clicks{offer=\"coffee\"} 3.0")
                .contains("rapport_test_clicks{offer=\"tea\"} 5.0")
                .contains("rapport_test_ratio{offer=\"coffee\"} NaN");

        gauges.set(values(4, null));
        String second = registry.scrape();
        assertThat(second).contains("rapport_test_clicks{offer=\"coffee\"} 4.0").doesNotContain("offer=\"tea\"");
        assertThat(registry.getMeters()).hasSize(2);

        gauges.set(new RowGauges.Values());
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void scrapesWhileRowsAreSet_neverMeetARowTwice() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        List<Throwable> failures = new ArrayList<>();
        Thread scraper = new Thread(() -> {
            while (!done.get()) {
                try {
                    registry.scrape();
                } catch (RuntimeException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }
        });
        scraper.start();
        try {
            for (int i = 0; i < 20_000; i++) {
                RowGauges.Values v = new RowGauges.Values();
                for (String window : List.of("1h", "24h", "7d", "30d")) {
                    v.put("conversion.ratio", Tags.of("window", window), i);
                }
                gauges.set(v);
            }
        } finally {
            done.set(true);
            scraper.join();
        }
        assertThat(failures).isEmpty();
    }
}
