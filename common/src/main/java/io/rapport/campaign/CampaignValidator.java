package io.rapport.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.event.InvalidEventException;
import io.rapport.event.JsonFields;
import io.rapport.event.Limits;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a campaign set ({@code PUT /v1/campaigns} body: a JSON array of campaigns) and refuses it
 * whole at the first broken rule with an {@link InvalidEventException} naming the JSON path, e.g.
 * {@code campaigns[1].plan.revenue: must be a finite number >= 0}.
 *
 * <p>Rules: {@code campaignId} (an id, unique), {@code name} (text), {@code offers} (a non-empty list
 * of offerIds), {@code from} and {@code to} (ISO-8601 with a zone, {@code from < to}) and {@code plan}
 * with {@code impressions} and {@code conversions} (whole numbers ≥ 0) and {@code revenue} (finite
 * ≥ 0) are required. At most {@value #MAX_CAMPAIGNS} campaigns; times are normalised to UTC;
 * unknown fields are ignored. Offers need not be in the catalogue (a campaign may be planned first).
 */
public final class CampaignValidator {
    public static final int MAX_CAMPAIGNS = 1_000;
    /** Planned counts above this are refused (exact in a double). */
    public static final long MAX_PLANNED_COUNT = 1L << 50;

    private final JsonFields fields;

    public CampaignValidator(Limits limits) {
        this.fields = new JsonFields(limits);
    }

    /** The campaigns of a set body. */
    public List<Campaign> campaigns(JsonNode body) {
        if (body == null || !body.isArray()) {
            throw new InvalidEventException("campaigns", "must be a JSON array of campaigns");
        }
        if (body.size() > MAX_CAMPAIGNS) {
            throw InvalidEventException.tooLarge("campaigns", "has more than " + MAX_CAMPAIGNS + " campaigns");
        }
        List<Campaign> campaigns = new ArrayList<>(body.size());
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < body.size(); i++) {
            String path = "campaigns[" + i + "]";
            Campaign campaign = campaign(body.get(i), path);
            Integer earlier = firstIndex.putIfAbsent(campaign.campaignId(), i);
            if (earlier != null) {
                throw new InvalidEventException(
                        path + ".campaignId",
                        "repeats the campaignId of campaigns[" + earlier + "]; campaignIds must be unique");
            }
            campaigns.add(campaign);
        }
        return campaigns;
    }

    /**
     * The instant of field {@code name} when it starts a whole minute: the actuals are sums of whole
     * minute (hour, day) panes, so a period starting or ending inside a minute could only be counted
     * with that minute's events before {@code from} or after {@code to}, or without those inside it.
     */
    private Instant onAMinute(JsonNode node, String path, String name) {
        Instant at = fields.instant(node, path, name);
        if (at.getEpochSecond() % 60 != 0 || at.getNano() != 0) {
            throw new InvalidEventException(
                    path + "." + name,
                    "must start a whole minute (the KPIs count per minute), e.g. " + at.truncatedTo(ChronoUnit.MINUTES)
                            + ", not " + node.get(name).asText());
        }
        return at;
    }

    /** One campaign; {@code path} prefixes the field names of a refusal. */
    public Campaign campaign(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new InvalidEventException(path, "must be an object");
        }
        String campaignId = fields.id(node, path, "campaignId");
        String name = fields.text(node, path, "name");
        List<String> offers = fields.ids(node, path, "offers", true);
        Instant from = onAMinute(node, path, "from");
        Instant to = onAMinute(node, path, "to");
        if (!from.isBefore(to)) {
            throw new InvalidEventException(path + ".to", "must be after from");
        }
        JsonNode plan = node.get("plan");
        String planPath = path + ".plan";
        if (plan == null || plan.isNull()) {
            throw new InvalidEventException(planPath, "is required");
        }
        if (!plan.isObject()) {
            throw new InvalidEventException(planPath, "must be an object with impressions, conversions and revenue");
        }
        return new Campaign(
                campaignId,
                name,
                offers,
                from.toString(),
                to.toString(),
                new Campaign.Plan(
                        whole(plan, planPath, "impressions"),
                        whole(plan, planPath, "conversions"),
                        fields.number(plan, planPath, "revenue", null, 0, Double.MAX_VALUE)));
    }

    private long whole(JsonNode plan, String path, String name) {
        double n = fields.number(plan, path, name, null, 0, MAX_PLANNED_COUNT);
        if (n != Math.rint(n)) {
            throw new InvalidEventException(path + "." + name, "must be a whole number from 0 to " + MAX_PLANNED_COUNT);
        }
        return (long) n;
    }
}
