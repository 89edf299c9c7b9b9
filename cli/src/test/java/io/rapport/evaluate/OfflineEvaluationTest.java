package io.rapport.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rapport.evaluate.OfflineEvaluation.Result;
import io.rapport.event.Event;
import io.rapport.event.EventParser;
import io.rapport.event.Limits;
import io.rapport.jobs.copurchase.CoPurchaseSettings;
import io.rapport.sample.MovieLensEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OfflineEvaluationTest {
    private static final Path MOVIELENS = Path.of("../../shared/data/movielens-100k");
    private static final EventParser PARSER = new EventParser(
            new Limits(Integer.MAX_VALUE, 1, 500, 10_000, 256, 32, 4096, Duration.ofDays(36_500), 100),
            Clock.systemUTC());

    private int seq;

    private Event purchase(String customer, String... items) {
        StringBuilder lines = new StringBuilder();
        for (String item : items) {
            lines.append(lines.length() == 0 ? "" : ",")
                    .append("{\"itemId\":\"").append(item).append("\",\"price\":1,\"quantity\":1}");
        }
        seq++;
        String json = "{\"eventId\":\"e" + seq + "\",\"type\":\"purchase\",\"customerId\":\"" + customer
                + "\",\"timestamp\":" + (1_000_000L + seq) + ",\"orderId\":\"o" + seq + "\",\"items\":[" + lines + "]}";
        return PARSER.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void metricsAreExactOnAHandMadeCase() {
        List<Event> train = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            train.add(purchase("fan-" + i, "bread", "butter"));
        }
        for (int i = 0; i < 8; i++) {
            train.add(purchase("milk-" + i, "milk"));
        }
        train.add(purchase("alice", "bread"));
        List<Event> test = List.of(purchase("alice", "butter"));

        Result r = OfflineEvaluation.run(train, test, 1, CoPurchaseSettings.DEFAULTS, done -> { });

        assertThat(r.customers()).isEqualTo(1);
        assertThat(r.rapport().hr()).isEqualTo(1.0);
        assertThat(r.rapport().ndcg()).isCloseTo(1.0, within(1e-9));
        assertThat(r.rapport().precision()).isEqualTo(1.0);
        assertThat(r.rapport().recall()).isEqualTo(1.0);
        assertThat(r.rapport().coverage()).isCloseTo(1 / 3.0, within(1e-9));
        assertThat(r.popularity().hr()).as("popularity recommends milk").isZero();
    }

    @Test
    void rapportBeatsPopularityOnMovieLens() throws Exception {
        assumeTrue(Files.isDirectory(MOVIELENS), "shared MovieLens data beside the repository");
        Map<String, String> genres = MovieLensEvents.genres(MOVIELENS.resolve("u.item"));
        List<Event> train = parse(MovieLensEvents.events(MOVIELENS.resolve("u1.base"), 4, genres));
        List<Event> test = parse(MovieLensEvents.events(MOVIELENS.resolve("u1.test"), 4, genres));

        Result r = OfflineEvaluation.run(train, test, 10, CoPurchaseSettings.DEFAULTS, done -> { });

        assertThat(r.customers()).isEqualTo(456);
        assertThat(r.rapport().hr()).isGreaterThan(r.popularity().hr());
        assertThat(r.rapport().ndcg()).isGreaterThan(r.popularity().ndcg());
        assertThat(r.rapport().coverage()).isGreaterThan(r.popularity().coverage());
    }

    private static List<Event> parse(List<String> lines) {
        return lines.stream().map(l -> PARSER.parse(l.getBytes(StandardCharsets.UTF_8))).toList();
    }
}
