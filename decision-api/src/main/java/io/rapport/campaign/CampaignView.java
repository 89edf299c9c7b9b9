package io.rapport.campaign;

import io.rapport.kafka.Json;
import io.rapport.store.NewestWins;
import java.time.Clock;

/**
 * The campaign set of the compacted {@code campaigns} topic (one {@link CampaignSet} under {@link
 * CampaignSet#KEY}). Thread-safe; readers see a whole set, never part of one; the newest {@code
 * updatedAt} wins ({@link NewestWins}).
 */
public final class CampaignView {
    private final NewestWins<CampaignSet> set = new NewestWins<>(CampaignSet.EMPTY, CampaignSet::updatedAt);

    /** Applies one record of the topic; a tombstone empties the set, other keys are ignored. */
    public void apply(String key, byte[] value) {
        if (!CampaignSet.KEY.equals(key)) {
            return;
        }
        if (value == null) {
            set.reset(CampaignSet.EMPTY);
        } else {
            set.offer(Json.decode(value, CampaignSet.class));
        }
    }

    /** Replaces the set unless the current one is newer. */
    public void replace(CampaignSet next) {
        set.offer(next);
    }

    public CampaignSet current() {
        return set.get();
    }

    /** The {@code updatedAt} of the next set accepted here: later than the current one's. */
    public long nextUpdatedAt(Clock clock) {
        return set.nextUpdatedAt(clock);
    }
}
