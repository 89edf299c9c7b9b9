package io.rapport.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ViewProgressTest {
    @Test
    void servableOnceCaughtUpAndWhatIsDerivedComputedSince_readyWhenNotHeldToo() {
        ViewProgress progress = new ViewProgress();
        AtomicBoolean derived = new AtomicBoolean();
        progress.requireDerived(derived::get);
        progress.hold("starting_stream_jobs");

        progress.report(120, false, 1);
        assertThat(progress.servable()).as("still reading its topics").isFalse();
        progress.report(0, true, 2);
        assertThat(progress.servable())
                .as("caught up, quintiles of a half-read population")
                .isFalse();
        derived.set(true);
        assertThat(progress.servable()).isTrue();
        assertThat(progress.ready()).as("held while the jobs start").isFalse();

        progress.release();
        progress.report(5_000, false, 3);
        assertThat(progress.ready())
                .as("a later lag is served from the last state")
                .isTrue();
    }

    @Test
    void withoutDerivedViews_servableIsCaughtUp() {
        ViewProgress progress = new ViewProgress();
        assertThat(progress.servable()).isFalse();
        progress.report(0, true, 1);
        assertThat(progress.servable()).isTrue();
        assertThat(progress.ready()).isTrue();
    }
}
