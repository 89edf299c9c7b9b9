package io.rapport.testing;

import io.rapport.offer.ContactClass;
import io.rapport.offer.Offer;
import io.rapport.offer.OfferTrigger;
import java.util.List;

/** Offers for tests: on the app channel, for every segment, no consent asked, no holdout, valid through 2026. */
public final class Offers {
    private Offers() {}

    /** An offer titled "Title of {offerId}", of weight 1, with the given trigger, contact class and value. */
    public static Offer offer(String offerId, OfferTrigger trigger, ContactClass contactClass, double value) {
        return new Offer(
                offerId,
                "Title of " + offerId,
                "offer",
                trigger,
                null,
                null,
                List.of("app"),
                contactClass,
                List.of(),
                false,
                value,
                1,
                0,
                "2026-01-01T00:00:00Z",
                "2027-01-01T00:00:00Z");
    }
}
