package io.rapport.cli;

import io.rapport.sample.MovieLensEvents;
import io.rapport.sample.MovieLensEvents.LowRatings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./rapport movielens RATINGS}: MovieLens ratings as purchase events (and, with {@code
 * --low-ratings view}, the lower ratings as view events; with {@code cart}, the rating just below the
 * minimum as cart adds and the others as views), for replay or evaluate.
 */
@Command(
        name = "movielens",
        mixinStandardHelpOptions = true,
        description = {
            "Print MovieLens ratings (user item rating timestamp) as purchase events (JSON lines).",
            "With --low-ratings view, ratings below --min-rating become view events (watched but not liked, as a "
                    + "product viewed but not bought) instead of being dropped. They belong to training: give the "
                    + "option for a training file (u1.base, ua.base), not for its test file; with --split, --part test "
                    + "holds purchases only, a random split's training part holds all of a customer's views, and a "
                    + "temporal split's only those at or before the customer's cut (their last training purchase), "
                    + "so that nothing from after it leaks into training.",
            "With --low-ratings cart, the rating just below --min-rating (3 stars by default) becomes an add_to_cart "
                    + "event instead (nearly liked, as a product put in the cart but not bought), placed like the views."
        })
final class MovieLensCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RATINGS", description = "u.data, u1.base, u1.test ...")
    Path ratings;

    @Option(
            names = "--min-rating",
            defaultValue = "4",
            description = "lowest rating that counts as a purchase (default ${DEFAULT-VALUE})")
    int minRating;

    @Option(
            names = "--low-ratings",
            defaultValue = "drop",
            description = "what ratings below --min-rating become: drop, view, or cart (the rating just below "
                    + "--min-rating an add_to_cart event, lower ones views) (default ${DEFAULT-VALUE})")
    String lowRatings;

    @Option(names = "--items", description = "u.item, to give each movie its first genre as category")
    Path items;

    @Option(
            names = "--split",
            description =
                    "temporal: each customer's last --test-share of purchases in time "
                            + "are the test part; random: a seeded random --test-share of each customer's purchases (needs --part)")
    String split;

    @Option(names = "--part", description = "with --split: train or test")
    String part;

    @Option(
            names = "--test-share",
            defaultValue = "0.2",
            description = "with --split: share of each customer's purchases held out (default ${DEFAULT-VALUE})")
    double testShare;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "with --split random: the seed (default ${DEFAULT-VALUE})")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OptionChecks check = new OptionChecks(spec);
        LowRatings low = switch (lowRatings) {
            case "drop" -> LowRatings.DROP;
            case "view" -> LowRatings.VIEW;
            case "cart" -> LowRatings.CART;
            default -> throw check.usage("--low-ratings must be drop, view or cart, was '" + lowRatings + "'");
        };
        check.within("--min-rating", minRating, 1, 5);
        check.readableFile(null, ratings);
        if (items != null) {
            check.readableFile("--items", items);
        }
        if (split == null && part != null) {
            throw check.usage("--part needs --split");
        }
        var given = spec.commandLine().getParseResult();
        if (split == null && given.hasMatchedOption("--test-share")) {
            throw check.usage("--test-share needs --split");
        }
        if (!"random".equals(split) && given.hasMatchedOption("--seed")) {
            throw check.usage("--seed needs --split random");
        }
        if (split != null) {
            boolean known = "temporal".equals(split) || "random".equals(split);
            if (!known || !("train".equals(part) || "test".equals(part))) {
                throw check.usage("--split must be temporal or random, with --part train or test");
            }
            if (!(testShare > 0 && testShare < 1)) {
                throw check.usage("--test-share must be between 0 and 1 (both excluded), was " + testShare);
            }
        }
        Map<String, String> genres = items == null ? Map.of() : MovieLensEvents.genres(items);
        if (split == null) {
            MovieLensEvents.events(ratings, minRating, genres, low).forEach(System.out::println);
            return 0;
        }
        Random shuffle = "random".equals(split) ? new Random(seed) : null;
        MovieLensEvents.split(ratings, minRating, genres, testShare, "test".equals(part), shuffle, low)
                .forEach(System.out::println);
        return 0;
    }
}
