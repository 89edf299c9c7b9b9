package io.rapport.cli;

import io.rapport.copurchase.TimeDecay;
import io.rapport.evaluate.OfflineEvaluation;
import io.rapport.evaluate.OfflineEvaluation.Metrics;
import io.rapport.evaluate.OfflineEvaluation.Result;
import io.rapport.event.Event;
import io.rapport.event.EventParser;
import io.rapport.event.InvalidEventException;
import io.rapport.event.Limits;
import io.rapport.jobs.copurchase.CoPurchaseSettings;
import io.rapport.kafka.Json;
import io.rapport.rank.PersonalRecommender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./rapport evaluate --train F --test F [--k 10] [--json] [--view-weight W] [--cart-weight W]}:
 * offline relevance.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Offline relevance (HR@k, NDCG@k, precision, recall, coverage) of Rapport's "
                + "recommendations, a popularity baseline and an item-kNN (cosine) baseline, with the production "
                + "counting and ranking code. Training purchases, views and carts are replayed in event time: "
                + "Rapport also draws on the items a customer viewed or carted (their profile's recent items) "
                + "through co-purchase and co-view neighbours; the baselines use purchases only. Only test "
                + "purchases are relevant.")
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--train", required = true, description = "training events, JSON lines")
    Path train;

    @Option(names = "--test", required = true, description = "test events, JSON lines")
    Path test;

    @Option(names = "--k", defaultValue = "10", description = "list length (default ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--json", description = "print one JSON line instead of a table")
    boolean json;

    @Option(
            names = "--decay-half-life",
            defaultValue = "off",
            description = "time decay of co-purchase scores by the age of each pair's last increase, as the API's "
                    + "--decay-half-life / RAPPORT_DECAY_HALF_LIFE: off or e.g. 30d (default ${DEFAULT-VALUE})")
    String decayHalfLife;

    @Option(
            names = "--view-weight",
            defaultValue = "" + PersonalRecommender.Settings.VIEW_WEIGHT,
            description = "weight of an item the customer viewed but did not buy, against 1 for a bought item, "
                    + "from 0 (views left out) to 1 (default ${DEFAULT-VALUE}, the API's)")
    double viewWeight;

    @Option(
            names = "--cart-weight",
            defaultValue = "" + PersonalRecommender.Settings.CART_WEIGHT,
            description = "weight of an item the customer put in their cart but did not buy, from 0 to 1 "
                    + "(default ${DEFAULT-VALUE}, the API's)")
    double cartWeight;

    @Option(
            names = "--without-browsed",
            description = "leave the items each customer viewed or carted in training out of Rapport's lists "
                    + "(evaluation only: the API keeps them), to tell their worth as sources from their place as "
                    + "candidates")
    boolean withoutBrowsed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        OptionChecks check = new OptionChecks(spec);
        check.within("--k", k, 1, 1000);
        TimeDecay decay;
        try {
            decay = TimeDecay.parse(decayHalfLife);
        } catch (IllegalArgumentException e) {
            throw check.usage("--decay-half-life: " + e.getMessage());
        }
        check.within("--view-weight", viewWeight, 0, 1);
        check.within("--cart-weight", cartWeight, 0, 1);
        check.readableFile("--train", train);
        check.readableFile("--test", test);
        PersonalRecommender.Settings d = PersonalRecommender.Settings.DEFAULTS;
        PersonalRecommender.Settings scoring = new PersonalRecommender.Settings(
                d.sources(), d.decay(), d.exponent(), d.categoryWeight(), viewWeight, cartWeight, decay);
        List<Event> trainEvents = read(train);
        if (trainEvents.isEmpty()) {
            throw check.usage("nothing to evaluate: --train " + train + " holds no valid events");
        }
        List<Event> testEvents = read(test);
        int total = OfflineEvaluation.testCustomers(testEvents);
        if (total == 0) {
            throw check.usage("nothing to evaluate: --test " + test + " holds no purchases");
        }
        Result r = OfflineEvaluation.run(
                trainEvents,
                testEvents,
                k,
                CoPurchaseSettings.DEFAULTS,
                scoring,
                withoutBrowsed,
                done -> progress(done, total));
        if (r.customers() == 0) {
            throw check.usage("nothing to evaluate: every purchase in --test " + test
                    + " is of an item its customer already bought in --train (bought items are not recommended)");
        }
        System.err.println();
        System.out.println(json ? jsonLine(r) : table(r));
        return 0;
    }

    /**
     * Reads events leniently: a line that is not a valid event, or not UTF-8, is reported and
     * skipped.
     */
    private static List<Event> read(Path file) throws IOException {
        EventParser parser = new EventParser(
                new Limits(Integer.MAX_VALUE, 1, 10_000, 10_000, 256, 32, 4096, Duration.ofDays(36_500), 100),
                Clock.systemUTC());
        List<Event> events = new ArrayList<>();
        int line = 0;
        int skipped = 0;
        for (String text : JsonLines.read(file)) {
            line++;
            if (text == null) {
                if (skipped++ < 5) {
                    System.err.println(file + ":" + line + ": skipped, the line is not valid UTF-8");
                }
                continue;
            }
            if (text.isBlank()) {
                continue;
            }
            try {
                events.add(parser.parse(text.getBytes(StandardCharsets.UTF_8)));
            } catch (InvalidEventException e) {
                if (skipped++ < 5) {
                    System.err.println(file + ":" + line + ": skipped, " + e.getMessage());
                }
            }
        }
        if (skipped > 0) {
            System.err.println(
                    file + ": " + skipped + (skipped == 1 ? " invalid line" : " invalid lines") + " skipped");
        }
        return events;
    }

    private static void progress(int done, int total) {
        if (done % 50 == 0 || done == total) {
            int width = 30;
            int bar = total == 0 ? width : width * done / total;
            System.err.printf(
                    Locale.ROOT, "\r[%s%s] %,d/%,d customers", "#".repeat(bar), ".".repeat(width - bar), done, total);
        }
    }

    private static String jsonLine(Result r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("k", r.k());
        out.put("customers", r.customers());
        out.put("rapport", metrics(r.rapport()));
        out.put("popularity", metrics(r.popularity()));
        out.put("itemknn", metrics(r.itemKnn()));
        return new String(Json.encode(out), StandardCharsets.UTF_8);
    }

    private static Map<String, Double> metrics(Metrics m) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("hr", round(m.hr()));
        out.put("ndcg", round(m.ndcg()));
        out.put("precision", round(m.precision()));
        out.put("recall", round(m.recall()));
        out.put("coverage", round(m.coverage()));
        return out;
    }

    private static double round(double x) {
        return Math.round(x * 10_000) / 10_000.0;
    }

    private static String table(Result r) {
        StringBuilder s = new StringBuilder(String.format(
                Locale.ROOT,
                "%,d test customers, catalogue of %,d items, k = %d%n%-12s %8s %8s %10s %8s %9s%n",
                r.customers(),
                r.catalogue(),
                r.k(),
                "",
                "HR@k",
                "NDCG@k",
                "precision",
                "recall",
                "coverage"));
        row(s, "rapport", r.rapport());
        row(s, "popularity", r.popularity());
        row(s, "item-kNN", r.itemKnn());
        return s.toString().stripTrailing();
    }

    private static void row(StringBuilder s, String name, Metrics m) {
        s.append(String.format(
                Locale.ROOT,
                "%-12s %8.4f %8.4f %10.4f %8.4f %9.4f%n",
                name,
                m.hr(),
                m.ndcg(),
                m.precision(),
                m.recall(),
                m.coverage()));
    }
}
