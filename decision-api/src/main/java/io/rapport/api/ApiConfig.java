package io.rapport.api;

import io.rapport.copurchase.RankingScore;
import io.rapport.copurchase.TimeDecay;
import io.rapport.event.Limits;
import io.rapport.offer.ContactCaps;
import io.rapport.profile.SegmentRules;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How to run the decision API.
 *
 * @param port HTTP port; 0 picks a free one (see {@link DecisionApi#port()})
 * @param bootstrapServers Kafka bootstrap servers, e.g. {@code localhost:9092}; only read by {@link
 *     DecisionApi#start(io.vertx.core.Vertx, ApiConfig)}, so may be null for in-memory use
 * @param limits input limits (PRODUCT.md, "Limits")
 * @param cacheSize most items whose ranked "also bought" lists are cached
 * @param segments the named customer segments of {@code /v1/segments} and of each profile (default
 *     {@link SegmentRules#DEFAULTS})
 * @param ranking the score that ranks also-bought neighbours and feeds recommendations (default
 *     {@link RankingScore#DEFAULT}, LLR)
 * @param decay the time decay of neighbour scores, in also-bought and in recommendations, by the age
 *     of each pair's last increase (default {@link TimeDecay#OFF})
 * @param contactCaps the marketing contact caps of next-best-actions (default {@link
 *     ContactCaps#DEFAULTS}); the marketing-triggers job must be given the same
 * @param offerExploration the share of next-best-actions answers, 0 to 1, in which a cold offer (fewer
 *     than 100 impressions) is put first whatever its score ({@link io.rapport.offer.OfferArbiter});
 *     default 0: answers are ranked by score, the same for the same customer and state
 */
public record ApiConfig(
        int port,
        String bootstrapServers,
        Limits limits,
        long cacheSize,
        SegmentRules segments,
        RankingScore ranking,
        TimeDecay decay,
        ContactCaps contactCaps,
        double offerExploration) {
    /** Default {@link #cacheSize}. */
    public static final long DEFAULT_CACHE_SIZE = 10_000;

    public ApiConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 to 65535: " + port);
        }
        if (cacheSize < 1) {
            throw new IllegalArgumentException("cacheSize must be positive: " + cacheSize);
        }
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(segments, "segments");
        Objects.requireNonNull(ranking, "ranking");
        Objects.requireNonNull(decay, "decay");
        Objects.requireNonNull(contactCaps, "contactCaps");
        if (!(offerExploration >= 0 && offerExploration <= 1)) {
            throw new IllegalArgumentException(
                    "offer exploration must be a share from 0 to 1, not " + offerExploration);
        }
    }

    /** No time decay. */
    public ApiConfig(
            int port,
            String bootstrapServers,
            Limits limits,
            long cacheSize,
            SegmentRules segments,
            RankingScore ranking) {
        this(port, bootstrapServers, limits, cacheSize, segments, ranking, TimeDecay.OFF, ContactCaps.DEFAULTS, 0);
    }

    /** The default ranking. */
    public ApiConfig(int port, String bootstrapServers, Limits limits, long cacheSize, SegmentRules segments) {
        this(port, bootstrapServers, limits, cacheSize, segments, RankingScore.DEFAULT);
    }

    /** The default segments. */
    public ApiConfig(int port, String bootstrapServers, Limits limits, long cacheSize) {
        this(port, bootstrapServers, limits, cacheSize, SegmentRules.DEFAULTS);
    }

    /** The default cache size and segments. */
    public ApiConfig(int port, String bootstrapServers, Limits limits) {
        this(port, bootstrapServers, limits, DEFAULT_CACHE_SIZE);
    }

    /** Default limits, cache size and segments. */
    public static ApiConfig of(int port, String bootstrapServers) {
        return new ApiConfig(port, bootstrapServers, Limits.DEFAULTS, DEFAULT_CACHE_SIZE);
    }

    /**
     * The configuration with segments and ranking given as text, as on the command line or in
     * {@code RAPPORT_SEGMENTS} and {@code RAPPORT_RANKING}; no time decay.
     *
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public ApiConfig withSettings(String segments, String ranking) {
        return withSettings(segments, ranking, TimeDecay.OFF.wireName());
    }

    /**
     * The configuration with segments, ranking and the decay half-life given as text, as on the
     * command line or in {@code RAPPORT_SEGMENTS}, {@code RAPPORT_RANKING} and {@code
     * RAPPORT_DECAY_HALF_LIFE} ({@code off} or e.g. {@code 30d}).
     *
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public ApiConfig withSettings(String segments, String ranking, String decayHalfLife) {
        return withSegments(SegmentRules.parse(segments))
                .withRanking(ranking(ranking))
                .withDecay(TimeDecay.parse(decayHalfLife));
    }

    /**
     * {@link #withSettings} from {@code RAPPORT_SEGMENTS}, {@code RAPPORT_RANKING} and {@code
     * RAPPORT_DECAY_HALF_LIFE}, the offers' exploration from {@code RAPPORT_OFFER_EXPLORATION}, the
     * input limits from their {@code RAPPORT_MAX_*} variables ({@link Limits#fromEnvironment}) and the
     * contact caps ({@link ContactCaps#fromEnvironment});
     * defaults where unset.
     *
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public ApiConfig withEnvironment() {
        return withEnvironment(System.getenv());
    }

    /** As {@link #withEnvironment()}, from the variables of {@code env}. */
    public ApiConfig withEnvironment(Map<String, String> env) {
        ApiConfig config = this;
        String segments = setting(env, "RAPPORT_SEGMENTS", SegmentRules.DEFAULT_TEXT);
        String ranking = setting(env, "RAPPORT_RANKING", RankingScore.DEFAULT.wireName());
        String decay = setting(env, "RAPPORT_DECAY_HALF_LIFE", TimeDecay.OFF.wireName());
        config = named("RAPPORT_SEGMENTS", config, c -> c.withSegments(SegmentRules.parse(segments)));
        config = named("RAPPORT_RANKING", config, c -> c.withRanking(ranking(ranking)));
        config = named("RAPPORT_DECAY_HALF_LIFE", config, c -> c.withDecay(TimeDecay.parse(decay)));
        config = config.withOfferExploration(offerExploration(env));
        return config.withLimits(Limits.fromEnvironment(env)).withContactCaps(ContactCaps.fromEnvironment(env));
    }

    // An empty variable is an unset one, as for every RAPPORT_* setting.
    private static String setting(Map<String, String> env, String variable, String fallback) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? fallback : value;
    }

    // A setting from a variable that does not parse: the message names the variable.
    private static ApiConfig named(String variable, ApiConfig config, UnaryOperator<ApiConfig> setting) {
        try {
            return setting.apply(config);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + ": " + e.getMessage(), e);
        }
    }

    private static RankingScore ranking(String name) {
        return RankingScore.fromWireName(name)
                .orElseThrow(() -> new IllegalArgumentException("ranking must be llr, cosine or lift, not " + name));
    }

    /** This configuration with other input limits. */
    public ApiConfig withLimits(Limits value) {
        return new ApiConfig(
                port, bootstrapServers, value, cacheSize, segments, ranking, decay, contactCaps, offerExploration);
    }

    /** This configuration with other segments. */
    public ApiConfig withSegments(SegmentRules value) {
        return new ApiConfig(
                port, bootstrapServers, limits, cacheSize, value, ranking, decay, contactCaps, offerExploration);
    }

    /** This configuration with another ranking score. */
    public ApiConfig withRanking(RankingScore value) {
        return new ApiConfig(
                port, bootstrapServers, limits, cacheSize, segments, value, decay, contactCaps, offerExploration);
    }

    /** This configuration with another time decay of neighbour scores. */
    public ApiConfig withDecay(TimeDecay value) {
        return new ApiConfig(
                port, bootstrapServers, limits, cacheSize, segments, ranking, value, contactCaps, offerExploration);
    }

    /** This configuration with other marketing contact caps. */
    public ApiConfig withContactCaps(ContactCaps value) {
        return new ApiConfig(
                port, bootstrapServers, limits, cacheSize, segments, ranking, decay, value, offerExploration);
    }

    /** This configuration with another share of exploring answers. */
    public ApiConfig withOfferExploration(double value) {
        return new ApiConfig(port, bootstrapServers, limits, cacheSize, segments, ranking, decay, contactCaps, value);
    }

    /**
     * {@code RAPPORT_OFFER_EXPLORATION} of {@code env}: a share from 0 to 1, 0 when unset or empty.
     *
     * @throws IllegalArgumentException naming the variable
     */
    public static double offerExploration(Map<String, String> env) {
        String text = setting(env, "RAPPORT_OFFER_EXPLORATION", "0");
        double value;
        try {
            value = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            value = Double.NaN; // refused below, as a share past 1 is
        }
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(
                    "RAPPORT_OFFER_EXPLORATION: must be a share from 0 to 1 (e.g. 0.1), not '" + text + "'");
        }
        return value;
    }
}
