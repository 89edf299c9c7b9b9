package io.rapport.offer;

import io.rapport.event.Limits;
import io.rapport.kafka.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The sample catalogue bundled as {@value #RESOURCE}: a birthday reward (service), an abandoned-cart
 * reminder, a win-back discount, a cross-sell, an up-sell, a newsletter with a 20 % holdout and an
 * always-on service tip; valid through 2030.
 */
public final class SampleOffers {
    public static final String RESOURCE = "/offers/sample-catalogue.json";

    private SampleOffers() {}

    /** The sample offers, validated like a PUT. */
    public static List<Offer> load() {
        try (InputStream in = SampleOffers.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return new OfferValidator(Limits.DEFAULTS).catalogue(Json.mapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
