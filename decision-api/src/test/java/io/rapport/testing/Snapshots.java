package io.rapport.testing;

import io.rapport.copurchase.ItemSnapshot;
import io.rapport.copurchase.NeighbourCount;
import java.util.ArrayList;
import java.util.List;

/** Builds item snapshots for tests: {@code item("milk", 100).neighbour("bread", 40).build()}. */
public final class Snapshots {
    private final String itemId;
    private final long buyers;
    private long viewers;
    private long viewersWhoBought;
    private long asOf;
    private final List<NeighbourCount> neighbours = new ArrayList<>();

    private Snapshots(String itemId, long buyers) {
        this.itemId = itemId;
        this.buyers = buyers;
    }

    public static Snapshots item(String itemId, long buyers) {
        return new Snapshots(itemId, buyers);
    }

    public Snapshots neighbour(String neighbourId, long coPurchases) {
        neighbours.add(new NeighbourCount(neighbourId, coPurchases));
        return this;
    }

    /** A neighbour whose pair count last went up at {@code lastIncreasedAt} (event time, epoch ms). */
    public Snapshots neighbour(String neighbourId, long coPurchases, long lastIncreasedAt) {
        neighbours.add(new NeighbourCount(neighbourId, coPurchases, lastIncreasedAt));
        return this;
    }

    /** The snapshot's event time, epoch ms. */
    public Snapshots asOf(long eventTime) {
        this.asOf = eventTime;
        return this;
    }

    public Snapshots views(long viewers, long viewersWhoBought) {
        this.viewers = viewers;
        this.viewersWhoBought = viewersWhoBought;
        return this;
    }

    public ItemSnapshot build() {
        return new ItemSnapshot(itemId, "grocery", buyers, viewers, viewersWhoBought, List.copyOf(neighbours), 0, asOf);
    }
}
