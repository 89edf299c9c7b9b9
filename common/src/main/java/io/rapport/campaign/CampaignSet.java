package io.rapport.campaign;

import java.util.List;
import java.util.Optional;

/**
 * Every campaign, as carried on the compacted {@code campaigns} topic under the single key {@link
 * #KEY}: one record replaces the whole set atomically, so every reader sees the old set or the
 * new one, never a mix.
 *
 * @param campaigns in the order given, campaignIds unique
 * @param updatedAt when the set was accepted, epoch milliseconds
 */
public record CampaignSet(List<Campaign> campaigns, long updatedAt) {
    /** The record key of the set on the {@code campaigns} topic. */
    public static final String KEY = "campaigns";

    public static final CampaignSet EMPTY = new CampaignSet(List.of(), 0);

    public CampaignSet {
        campaigns = campaigns == null ? List.of() : List.copyOf(campaigns);
    }

    public Optional<Campaign> find(String campaignId) {
        return campaigns.stream().filter(c -> c.campaignId().equals(campaignId)).findFirst();
    }
}
