package io.rapport.copurchase;

import java.util.Locale;
import java.util.Optional;

/**
 * Which score ranks an item's co-purchase neighbours in also-bought answers, computed from the
 * same exact counts: {@code llr} (Dunning's signed G², the default), {@code cosine} (classic
 * item-kNN similarity) or {@code lift}. Configured by {@code ApiConfig.ranking}, {@code ApiMain
 * --ranking} / {@code RAPPORT_RANKING}. Personalised recommendations rank by their own normalised
 * cosine, which measured better offline ({@code docs/relevance.md}).
 */
public enum RankingScore {
    LLR,
    COSINE,
    LIFT;

    /** The default ranking. */
    public static final RankingScore DEFAULT = LLR;

    /** The score of B as a neighbour of A. */
    public double score(long both, long buyersA, long buyersB, long population) {
        return switch (this) {
            case LLR -> CoPurchaseScore.llr(both, buyersA, buyersB, population);
            case COSINE -> CoPurchaseScore.cosine(both, buyersA, buyersB);
            case LIFT -> CoPurchaseScore.lift(both, buyersA, buyersB, population);
        };
    }

    /** Lower-case name as configured and shown in reasons: llr, cosine, lift. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name, case-insensitively. */
    public static Optional<RankingScore> fromWireName(String name) {
        for (RankingScore r : values()) {
            if (r.wireName().equalsIgnoreCase(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
