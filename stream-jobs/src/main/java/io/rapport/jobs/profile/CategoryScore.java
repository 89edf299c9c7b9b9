package io.rapport.jobs.profile;

/**
 * A customer's affinity to one category, valid at event time {@link #asOf} (see {@code
 * AffinityDecay}). A Flink POJO kept in {@link ProfileState}.
 */
public class CategoryScore {
    public String category;
    public double score;
    public long asOf;

    public CategoryScore() {}

    CategoryScore(String category, double score, long asOf) {
        this.category = category;
        this.score = score;
        this.asOf = asOf;
    }
}
