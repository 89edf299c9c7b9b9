package io.rapport.http.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link TrustedProxies}: whose X-Forwarded-For is believed, and which hop is the client. */
class TrustedProxiesTest {
    private final TrustedProxies proxies = TrustedProxies.parse("10.0.0.5, 172.16.0.0/12, ::1");

    @Test
    void aTrustedProxy_isBelievedForTheRightmostHopThatIsNoTrustedProxy() {
        assertThat(proxies.client("10.0.0.5", List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
        // a client may write any X-Forwarded-For: the proxy appends the real peer, the rightmost
        assertThat(proxies.client("10.0.0.5", List.of("1.2.3.4, 203.0.113.7"))).isEqualTo("203.0.113.7");
        // two trusted proxies in a row, the second header line included
        assertThat(proxies.client("172.20.0.3", List.of("198.51.100.9", "10.0.0.5")))
                .isEqualTo("198.51.100.9");
        assertThat(proxies.client("::1", List.of("203.0.113.8"))).isEqualTo("203.0.113.8");
    }

    @Test
    void anyoneElse_isTheirOwnAddress_whateverTheyForward() {
        assertThat(proxies.client("203.0.113.7", List.of("1.2.3.4"))).isEqualTo("203.0.113.7");
        assertThat(proxies.client("10.0.0.6", List.of("1.2.3.4"))).isEqualTo("10.0.0.6");
        assertThat(TrustedProxies.NONE.client("10.0.0.5", List.of("1.2.3.4"))).isEqualTo("10.0.0.5");
    }

    @Test
    void aTrustedProxyWithoutTheHeader_orOnlyProxiesInIt_fallsBackSensibly() {
        assertThat(proxies.client("10.0.0.5", List.of())).isEqualTo("10.0.0.5");
        assertThat(proxies.client("10.0.0.5", List.of("172.16.0.9, 10.0.0.5"))).isEqualTo("172.16.0.9");
    }

    @Test
    void blocks_matchTheirPrefixOnly() {
        TrustedProxies p = TrustedProxies.parse("192.168.4.0/22");
        assertThat(p.client("192.168.7.255", List.of("x"))).isEqualTo("x");
        assertThat(p.client("192.168.8.0", List.of("x"))).isEqualTo("192.168.8.0");
        assertThat(TrustedProxies.parse("0.0.0.0/0").client("8.8.8.8", List.of("x")))
                .isEqualTo("x");
    }

    @Test
    void namesAndMalformedEntries_areRefused_andTheVariableNamed() {
        for (String bad : List.of("proxy.example", "10.0.0.0/33", "10.0.0.0/x", "300.1.1.1")) {
            assertThatThrownBy(() -> TrustedProxies.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not an IP address or CIDR block");
        }
        assertThatThrownBy(() -> SecurityConfig.fromEnvironment(Map.of("RAPPORT_TRUSTED_PROXIES", "nginx")))
                .hasMessageStartingWith("RAPPORT_TRUSTED_PROXIES: ");
        assertThat(SecurityConfig.fromEnvironment(Map.of()).trustedProxies().isEmpty())
                .isTrue();
    }
}
