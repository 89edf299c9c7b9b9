package io.rapport.http.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link RequestGuard#wellFormed}: the ASCII fast path and the decoding path agree with UTF-8. */
class RequestGuardTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/v1/items/i-42/also-bought       | true",
                "limit=10&customerId=c-7          | true",
                "/v1/items/whole%20milk/stats     | true",
                "/v1/items/%41                    | true",
                "/v1/items/caf%C3%A9              | true",
                "/v1/items/caf%c3%a9              | true",
                "/v1/items/%                      | false",
                "/v1/items/%4                     | false",
                "/v1/items/%ZZ                    | false",
                "/v1/items/%4G                    | false",
                "/v1/items/%e9                    | false",
                "/v1/items/%C0%AF                 | false",
                "/v1/items/%ED%A0%80              | false",
                "/v1/items/%F0%9F%98%80           | true",
            })
    void percentEncodingMustBeWellFormedUtf8(String raw, boolean expected) {
        assertThat(RequestGuard.wellFormed(raw)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "raw bytes {0}")
    @CsvSource({
        // Netty reads the request line one character per byte (ISO-8859-1)
        "'\u00C3\u00A9', true",
        "'\u00E9', false",
        "'\u00FF\u00FE', false",
        "'caf\u00C3\u00A9%20au%20lait', true",
    })
    void rawBytesMustBeUtf8Too(String raw, boolean expected) {
        assertThat(RequestGuard.wellFormed("/v1/items/" + raw)).isEqualTo(expected);
    }
}
