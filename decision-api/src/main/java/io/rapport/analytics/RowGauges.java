package io.rapport.analytics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Gauges whose rows (tag sets) come and go with the data, such as one series per offer and window.
 * A row is registered once and keeps its meter while it stays; {@link #set} only moves values, and
 * removes the rows no longer given. (Re-registering every row on each refresh, as {@code
 * MultiGauge.register(rows, true)} does, raced with scrapes: a scrape could meet a row both removed
 * and added again, and the Prometheus client refused the whole scrape with a {@code
 * DuplicateLabelsException}, a 500 on {@code /metrics}.)
 */
final class RowGauges {
    private final MeterRegistry registry;
    private final String prefix;
    private final Function<String, String> description;
    private final Map<String, Map<Tags, Cell>> rows = new HashMap<>();

    /**
     * @param prefix the meters' name before the gauge's own, e.g. {@code "rapport.kpi."}
     * @param description each gauge's HELP, by its own name
     */
    RowGauges(MeterRegistry registry, String prefix, Function<String, String> description) {
        this.registry = registry;
        this.prefix = prefix;
        this.description = description;
    }

    /** The values of one refresh: gauge name → tags → value (null is NaN). */
    static final class Values {
        private final Map<String, Map<Tags, Double>> byName = new LinkedHashMap<>();

        void put(String name, Tags tags, Number value) {
            double v = value == null ? Double.NaN : value.doubleValue();
            byName.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(tags, v);
        }
    }

    /** Sets every given row, registering those new; rows not given are removed from the registry. */
    synchronized void set(Values values) {
        values.byName.forEach((name, given) -> {
            Map<Tags, Cell> cells = rows.computeIfAbsent(name, n -> new HashMap<>());
            given.forEach((tags, v) -> cells.computeIfAbsent(tags, t -> register(name, t)).value = v);
        });
        rows.forEach((name, cells) -> {
            Map<Tags, Double> given = values.byName.getOrDefault(name, Map.of());
            cells.entrySet().removeIf(row -> {
                if (given.containsKey(row.getKey())) {
                    return false;
                }
                registry.remove(row.getValue().gauge);
                return true;
            });
        });
    }

    private Cell register(String name, Tags tags) {
        Cell cell = new Cell();
        cell.gauge = Gauge.builder(prefix + name, cell, c -> c.value)
                .description(description.apply(name))
                .tags(tags)
                .strongReference(true)
                .register(registry);
        return cell;
    }

    private static final class Cell {
        volatile double value = Double.NaN;
        Gauge gauge;
    }
}
