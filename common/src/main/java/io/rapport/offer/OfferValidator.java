package io.rapport.offer;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.event.InvalidEventException;
import io.rapport.event.JsonFields;
import io.rapport.event.Limits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an offer catalogue ({@code PUT /v1/offers} body: a JSON array of offers) and refuses it
 * whole at the first broken rule with an {@link InvalidEventException} whose field is the JSON path,
 * e.g. {@code offers[0].contactClass: must be marketing or service}.
 *
 * <p>Rules: {@code offerId}, {@code title}, {@code action}, {@code trigger}, {@code channels},
 * {@code contactClass}, {@code value}, {@code validFrom} and {@code validTo} are required; ids
 * (offerId, action, channels, segments) follow the id limits of events; offerIds are unique;
 * {@code abandonAfterMinutes} only with trigger {@code abandoned_cart} and {@code inactiveDays}
 * only with {@code win_back}, each an integer 1–{@value #MAX_TRIGGER_PARAMETER}; {@code weight}
 * (default 1) and {@code value} finite and ≥ 0; {@code holdoutPercent} (default 0) 0–100; times
 * ISO-8601 with a zone and {@code validFrom < validTo}. At most {@value #MAX_OFFERS} offers. Times
 * are kept normalised to UTC ({@link Instant#toString()}); unknown fields are ignored.
 */
public final class OfferValidator {
    public static final int MAX_OFFERS = 1_000;
    public static final int MAX_TITLE_LENGTH = JsonFields.MAX_TEXT_LENGTH;
    public static final int MAX_TRIGGER_PARAMETER = 100_000;

    private final JsonFields fields;

    public OfferValidator(Limits limits) {
        this.fields = new JsonFields(limits);
    }

    /** The offers of a catalogue body. */
    public List<Offer> catalogue(JsonNode body) {
        if (body == null || !body.isArray()) {
            throw new InvalidEventException("offers", "must be a JSON array of offers");
        }
        if (body.size() > MAX_OFFERS) {
            throw InvalidEventException.tooLarge("offers", "has more than " + MAX_OFFERS + " offers");
        }
        List<Offer> offers = new ArrayList<>(body.size());
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < body.size(); i++) {
            String path = "offers[" + i + "]";
            Offer offer = offer(body.get(i), path);
            Integer earlier = firstIndex.putIfAbsent(offer.offerId(), i);
            if (earlier != null) {
                throw new InvalidEventException(
                        path + ".offerId", "repeats the offerId of offers[" + earlier + "]; offerIds must be unique");
            }
            offers.add(offer);
        }
        return offers;
    }

    /** One offer; {@code path} prefixes the field names of a refusal. */
    public Offer offer(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new InvalidEventException(path, "must be an object");
        }
        String offerId = fields.id(node, path, "offerId");
        String title = fields.text(node, path, "title");
        String action = fields.id(node, path, "action");
        String triggerName = fields.text(node, path, "trigger");
        OfferTrigger trigger = OfferTrigger.fromWireName(triggerName)
                .orElseThrow(() -> new InvalidEventException(
                        path + ".trigger",
                        "must be one of always, birthday, abandoned_cart, win_back, cross_sell, up_sell"));
        Integer abandonAfterMinutes =
                triggerParameter(node, path, "abandonAfterMinutes", trigger, OfferTrigger.ABANDONED_CART);
        Integer inactiveDays = triggerParameter(node, path, "inactiveDays", trigger, OfferTrigger.WIN_BACK);
        // Stored with its default, so that GET /v1/offers shows what the trigger waits for.
        if (trigger == OfferTrigger.ABANDONED_CART && abandonAfterMinutes == null) {
            abandonAfterMinutes = Offer.DEFAULT_ABANDON_AFTER_MINUTES;
        }
        if (trigger == OfferTrigger.WIN_BACK && inactiveDays == null) {
            inactiveDays = Offer.DEFAULT_INACTIVE_DAYS;
        }
        List<String> channels = fields.ids(node, path, "channels", true);
        ContactClass contactClass = ContactClass.fromWireName(fields.text(node, path, "contactClass"))
                .orElseThrow(() -> new InvalidEventException(path + ".contactClass", "must be marketing or service"));
        List<String> segments = fields.ids(node, path, "segments", false);
        boolean requiresConsent = fields.bool(node, path, "requiresConsent");
        double value = fields.number(node, path, "value", null, 0, Offer.MAX_VALUE);
        double weight = fields.number(node, path, "weight", 1.0, 0, Offer.MAX_WEIGHT);
        double holdoutPercent = fields.number(node, path, "holdoutPercent", 0.0, 0, 100);
        Instant validFrom = fields.instant(node, path, "validFrom");
        Instant validTo = fields.instant(node, path, "validTo");
        if (!validFrom.isBefore(validTo)) {
            throw new InvalidEventException(path + ".validTo", "must be after validFrom");
        }
        return new Offer(
                offerId,
                title,
                action,
                trigger,
                abandonAfterMinutes,
                inactiveDays,
                channels,
                contactClass,
                segments,
                requiresConsent,
                value,
                weight,
                holdoutPercent,
                validFrom.toString(),
                validTo.toString());
    }

    private static Integer triggerParameter(
            JsonNode node, String path, String name, OfferTrigger trigger, OfferTrigger owner) {
        JsonNode v = node.get(name);
        String field = path + "." + name;
        if (v == null || v.isNull()) {
            return null;
        }
        if (trigger != owner) {
            throw new InvalidEventException(field, "only applies to trigger " + owner.wireName());
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1 || v.asInt() > MAX_TRIGGER_PARAMETER) {
            throw new InvalidEventException(field, "must be an integer from 1 to " + MAX_TRIGGER_PARAMETER);
        }
        return v.asInt();
    }
}
