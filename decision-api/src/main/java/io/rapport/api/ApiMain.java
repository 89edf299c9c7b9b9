package io.rapport.api;

import io.rapport.copurchase.RankingScore;
import io.rapport.copurchase.TimeDecay;
import io.rapport.event.Limits;
import io.rapport.offer.ContactCaps;
import io.rapport.profile.SegmentRules;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the decision API alone against a Kafka cluster: {@code --port 8080 --bootstrap
 * localhost:9092} (these are the defaults), and optionally {@code --segments "name: rule; …"} (else
 * the environment variable {@code RAPPORT_SEGMENTS}, else {@link SegmentRules#DEFAULTS}) and {@code
 * --ranking llr|cosine|lift} (else {@code RAPPORT_RANKING}, else llr) and {@code --decay-half-life
 * off|30d} (else {@code RAPPORT_DECAY_HALF_LIFE}, else off); the input limits come from their {@code
 * RAPPORT_MAX_*} variables ({@link Limits#fromEnvironment}), the contact caps from {@code
 * RAPPORT_CONTACTS_PER_DAY} and {@code RAPPORT_CONTACTS_PER_WEEK}, the offers' exploration from {@code
 * RAPPORT_OFFER_EXPLORATION}. Stops cleanly on SIGTERM / Ctrl-C.
 */
public final class ApiMain {
    private static final Logger LOG = LoggerFactory.getLogger(ApiMain.class);

    private ApiMain() {}

    public static void main(String[] args) throws Exception {
        int port = 8080;
        String bootstrap = "localhost:9092";
        String segments = System.getenv().getOrDefault("RAPPORT_SEGMENTS", SegmentRules.DEFAULT_TEXT);
        String ranking = System.getenv().getOrDefault("RAPPORT_RANKING", RankingScore.DEFAULT.wireName());
        String decayHalfLife = System.getenv().getOrDefault("RAPPORT_DECAY_HALF_LIFE", TimeDecay.OFF.wireName());
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = port(required(args[i], value));
                case "--bootstrap" -> bootstrap = required(args[i], value);
                case "--segments" -> segments = required(args[i], value);
                case "--ranking" -> ranking = required(args[i], value);
                case "--decay-half-life" -> decayHalfLife = required(args[i], value);
                default -> usage("unknown option " + args[i]);
            }
            i++;
        }
        ApiConfig config;
        try {
            config = ApiConfig.of(port, bootstrap)
                    .withSettings(segments, ranking, decayHalfLife)
                    .withLimits(Limits.fromEnvironment(System.getenv()))
                    .withContactCaps(ContactCaps.fromEnvironment(System.getenv()))
                    .withOfferExploration(ApiConfig.offerExploration(System.getenv()));
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
            return;
        }
        Vertx vertx = Vertx.vertx();
        DecisionApi api;
        try {
            api = DecisionApi.start(vertx, config)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.error("Decision API did not start", e);
            vertx.close();
            System.exit(1);
            return;
        }
        LOG.info("Decision API listening on port {}, Kafka at {}", api.port(), bootstrap);
        api.warmUpBeforeReady(); // readiness "warming_up" until caught up and warmed up (WarmUp)
        DecisionApi started = api;
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                started.close()
                                        .toCompletionStage()
                                        .toCompletableFuture()
                                        .get(20, TimeUnit.SECONDS);
                                // Awaited apart: a callback chained on the API's future would need the event loop
                                // that closing Vert.x stops.
                                vertx.close()
                                        .toCompletionStage()
                                        .toCompletableFuture()
                                        .get(10, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                LOG.warn("Unclean shutdown", e);
                            }
                        },
                        "rapport-api-shutdown"));
    }

    private static int port(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            usage("--port needs a number, not " + value);
            return -1;
        }
    }

    private static String required(String option, String value) {
        if (value == null) {
            usage(option + " needs a value");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println(problem
                + "\nusage: ApiMain [--port 8080] [--bootstrap localhost:9092] [--segments \"name: rule; ...\"]"
                + " [--ranking llr|cosine|lift] [--decay-half-life off|30d]");
        System.exit(2);
    }
}
