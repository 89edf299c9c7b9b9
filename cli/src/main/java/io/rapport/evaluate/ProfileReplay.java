package io.rapport.evaluate;

import io.rapport.event.Event;
import io.rapport.event.EventType;
import io.rapport.jobs.ingest.CustomerEvent;
import io.rapport.jobs.profile.ProfileFolding;
import io.rapport.jobs.profile.ProfileSettings;
import io.rapport.jobs.profile.ProfileState;
import io.rapport.profile.CustomerProfile;
import io.rapport.store.ProfileView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The profile job's profiles, replayed without Flink: every training event but an erase is folded
 * by the job's own {@link ProfileFolding}, in event-time order, so each profile's recent items (the
 * latest {@link ProfileSettings#recentItems} interactions, views, carts and purchases alike) are the
 * ones the API would hold. The events are taken as distinct, as the co-purchase replay takes them.
 *
 * <p>The published profiles leave out their top categories: with them, the recommender would blend
 * by the profile's time-decayed affinities instead of the categories of the bought items, and the
 * figures of data sets without views would change for a reason that has nothing to do with views.
 */
final class ProfileReplay {
    private final ProfileFolding folding;
    private final Map<String, ProfileState> states = new HashMap<>();

    ProfileReplay(ProfileSettings settings) {
        this.folding = new ProfileFolding(settings);
    }

    void fold(Event event) {
        if (event.type() != EventType.ERASE) {
            ProfileState state =
                    states.computeIfAbsent(event.customerId(), c -> ProfileFolding.fresh(event.timestamp()));
            folding.apply(state, CustomerEvent.of(event));
        }
    }

    /** Puts every customer's profile, without its top categories, into {@code view}. */
    void publish(ProfileView view) {
        states.forEach((customerId, state) -> {
            CustomerProfile p = folding.snapshot(customerId, state, 0);
            view.put(new CustomerProfile(
                    p.customerId(),
                    p.firstSeen(),
                    p.lastSeen(),
                    p.orders(),
                    p.itemsBought(),
                    p.monetary(),
                    p.aov(),
                    p.lastPurchaseAt(),
                    p.journeyStage(),
                    List.of(),
                    p.recentItems(),
                    p.cart(),
                    p.cartUpdatedAt(),
                    p.attributes(),
                    p.feedback(),
                    p.offers(),
                    p.updatedAt()));
        });
    }
}
