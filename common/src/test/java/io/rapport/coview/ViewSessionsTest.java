package io.rapport.coview;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ViewSessionsTest {
    private static final long GAP = 30;

    record S(long start, long last) implements ViewSessions.Span {}

    @Test
    void noSession_opensANewOne() {
        assertThat(ViewSessions.sessionFor(List.of(), 100, GAP)).isEqualTo(-1);
    }

    @Test
    void viewWithinTheGapAfterTheLastView_joins() {
        assertThat(ViewSessions.sessionFor(List.of(new S(0, 70)), 100, GAP)).isZero();
        assertThat(ViewSessions.sessionFor(List.of(new S(0, 69)), 100, GAP))
                .as("31 after")
                .isEqualTo(-1);
    }

    @Test
    void lateViewWithinTheGapBeforeTheStart_joins() {
        assertThat(ViewSessions.sessionFor(List.of(new S(100, 120)), 70, GAP)).isZero();
        assertThat(ViewSessions.sessionFor(List.of(new S(100, 120)), 69, GAP)).isEqualTo(-1);
    }

    @Test
    void viewInsideASpan_joinsThatSpanEvenWhenAnotherIsWithinTheGap() {
        List<S> sessions = List.of(new S(0, 60), new S(80, 100));
        assertThat(ViewSessions.sessionFor(sessions, 60, GAP)).isZero();
        assertThat(ViewSessions.sessionFor(sessions, 80, GAP)).isEqualTo(1);
    }

    @Test
    void betweenTwoSessions_theNearestWins_tiesGoToTheLater() {
        List<S> sessions = List.of(new S(0, 60), new S(80, 100));
        assertThat(ViewSessions.sessionFor(sessions, 65, GAP)).isZero();
        assertThat(ViewSessions.sessionFor(sessions, 75, GAP)).isEqualTo(1);
        assertThat(ViewSessions.sessionFor(sessions, 70, GAP)).isEqualTo(1);
    }
}
