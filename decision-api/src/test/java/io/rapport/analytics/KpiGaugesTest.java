package io.rapport.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.kpi.KpiReport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KpiGaugesTest {
    private static KpiReport.OfferKpis impressions(long n) {
        return new KpiReport.OfferKpis(n, 0, 0, null, null, new KpiReport.Group(0, 0), new KpiReport.Group(0, 0), null);
    }

    @Test
    void offerSeries_areTheCatalogues_andTheHundredOthersWithTheMostImpressions() {
        Map<String, KpiReport.OfferKpis> offers = new LinkedHashMap<>();
        for (int i = 0; i < 1_000; i++) {
            offers.put(String.format("junk-%04d", i), impressions(1 + i % 7)); // ids a client made up
        }
        offers.put("birthday", impressions(0));
        offers.put("win-back", impressions(1));

        Map<String, KpiReport.OfferKpis> exported = KpiGauges.exported(offers, Set.of("birthday", "win-back", "gone"));

        assertThat(exported).hasSize(2 + KpiGauges.MAX_OTHER_OFFERS).containsKeys("birthday", "win-back");
        assertThat(exported.values()).filteredOn(o -> o.impressions() == 7).hasSize(100);
        assertThat(exported).containsKey("junk-0006").doesNotContainKey("junk-0000");
    }

    @Test
    void aFewOffersOutsideTheCatalogue_allHaveSeries() {
        Map<String, KpiReport.OfferKpis> offers = Map.of("o-1", impressions(3), "o-2", impressions(0));

        assertThat(KpiGauges.exported(offers, Set.of())).containsOnlyKeys("o-1", "o-2");
    }
}
