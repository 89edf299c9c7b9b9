package io.rapport.offer;

import java.util.List;

/**
 * An action a trigger fired for outbound channels, as written to the {@code actions} topic keyed by
 * customerId. The action itself is the contact: senders report clicks and redemptions against
 * {@link #offerId}, not another impression.
 *
 * @param actionId deterministic: the same customer, offer and trigger occurrence always give the
 *     same id, so a consumer drops a repeat written after a job restart
 * @param occurrence which occurrence of the trigger fired, e.g. {@code cart@1764000000000} (the cart
 *     change it followed), {@code win_back@<last purchase time>}, {@code birthday@2026}
 * @param firedAt event time the trigger fired, epoch milliseconds
 */
public record MarketingAction(
        String actionId,
        String customerId,
        String offerId,
        String action,
        String title,
        OfferTrigger trigger,
        List<String> channels,
        String reason,
        String occurrence,
        long firedAt) {}
