package io.rapport.offer;

import io.rapport.offer.OfferArbiter.Candidate;
import io.rapport.offer.OfferArbiter.Ranked;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Decides a customer's next-best actions on a channel: every offer of the catalogue goes through
 * {@link Eligibility} (validity, channel, segments, trigger, consent), then the {@link
 * ContactCaps} (marketing offers only); the eligible offers are ranked by the {@link OfferArbiter} and
 * taken in rank order, at most {@code limit} actions and no more marketing actions than the caps
 * still allow today and this week. An offer the {@link Holdout} holds out for the customer is left
 * out where it would have been taken, and recorded there for the control group (so {@code holdout}
 * is always false in an answer); ranked past the answer, it is not recorded, as it would not have
 * been shown: the control group holds exactly the customers who would have been treated.
 *
 * <p>Reads only memory; the holdout marker is written without waiting.
 */
public final class NextBestActions {
    private final OfferViews offers;
    private final ProfileOfferFacts facts;
    private final ContactCaps caps;
    private final OfferArbiter arbiter;
    private final HoldoutRecorder holdouts;
    private final Clock clock;
    private final RandomGenerator random;

    public NextBestActions(
            OfferViews offers,
            ProfileOfferFacts facts,
            ContactCaps caps,
            OfferArbiter arbiter,
            HoldoutRecorder holdouts,
            Clock clock,
            RandomGenerator random) {
        this.offers = offers;
        this.facts = facts;
        this.caps = caps;
        this.arbiter = arbiter;
        this.holdouts = holdouts;
        this.clock = clock;
        this.random = random;
    }

    /** One action of the answer; {@code items} names the items of a cross-sell or up-sell. */
    public record Action(
            String offerId,
            String action,
            String title,
            double score,
            String reason,
            List<String> items,
            boolean holdout) {}

    /** The answer of {@code GET /v1/customers/{id}/next-best-actions}. */
    public record Answer(String customerId, String channel, List<Action> actions) {}

    public Answer decide(String customerId, String channel, int limit) {
        long now = clock.millis();
        OfferFacts customer = facts.facts(customerId);
        long[] contacted = offers.marketingImpressions(customerId, now);
        List<Candidate> candidates = new ArrayList<>();
        for (Offer offer : offers.catalogue().offers().offers()) {
            Eligibility.Verdict verdict = Eligibility.check(offer, customer, channel, now);
            if (!verdict.eligible() || caps.blocks(offer, contacted[0], contacted[1])) {
                continue;
            }
            candidates.add(new Candidate(offer, verdict));
        }
        long marketingLeft = caps.remaining(contacted[0], contacted[1]);
        List<Action> actions = new ArrayList<>(Math.min(limit, candidates.size()));
        for (Ranked r : arbiter.rank(candidates, offers::stats, customer.segments(), random)) {
            if (actions.size() == limit) {
                break;
            }
            if (r.offer().capped() && marketingLeft == 0) {
                continue;
            }
            // Held out where it would have been shown, and only there (ranked within the answer, caps
            // left): the control group is then the customers the treated group would have been.
            if (Holdout.heldOut(r.offer().offerId(), customerId, r.offer().holdoutPercent())) {
                holdouts.record(r.offer().offerId(), customerId, channel, now);
                continue;
            }
            if (r.offer().capped()) {
                marketingLeft--;
            }
            actions.add(new Action(
                    r.offer().offerId(),
                    r.offer().action(),
                    r.offer().title(),
                    round(r.score()),
                    r.verdict().reason(),
                    r.verdict().items(),
                    false));
        }
        return new Answer(customerId, channel, actions);
    }

    /**
     * {@code score} to six decimals. Past 10⁹ a double has no six decimals left to round (and
     * Math.round would cap it at 2⁶³ millionths); a score beyond doubles, possible only for an offer
     * stored before {@link Offer#MAX_VALUE} and {@link Offer#MAX_WEIGHT}, is the largest double.
     */
    static double round(double score) {
        if (Math.abs(score) >= 1e9) {
            return Double.isFinite(score) ? score : Double.MAX_VALUE;
        }
        return Math.round(score * 1e6) / 1e6;
    }
}
