package io.rapport.cli;

import io.rapport.sample.MovieLensEvents;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./rapport movielens RATINGS}: MovieLens ratings as purchase events, for replay or evaluate. */
@Command(name = "movielens", mixinStandardHelpOptions = true,
        description = "Print MovieLens ratings (user item rating timestamp) as purchase events (JSON lines).")
final class MovieLensCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RATINGS", description = "u.data, u1.base, u1.test ...")
    Path ratings;

    @Option(names = "--min-rating", defaultValue = "4", description = "lowest rating that counts as a purchase (default ${DEFAULT-VALUE})")
    int minRating;

    @Option(names = "--items", description = "u.item, to give each movie its first genre as category")
    Path items;

    @Override
    public Integer call() throws Exception {
        Map<String, String> genres = items == null ? Map.of() : MovieLensEvents.genres(items);
        MovieLensEvents.events(ratings, minRating, genres).forEach(System.out::println);
        return 0;
    }
}
