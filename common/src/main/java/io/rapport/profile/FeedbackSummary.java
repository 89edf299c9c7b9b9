package io.rapport.profile;

/**
 * A customer's feedback events, summed up.
 *
 * @param averageRating mean rating, null without feedback
 * @param lastComment the comment of the latest feedback that had one, else null
 * @param lastAt event time of the latest feedback, null without feedback
 */
public record FeedbackSummary(int count, Double averageRating, String lastComment, Long lastAt) {
    public static final FeedbackSummary NONE = new FeedbackSummary(0, null, null, null);
}
