package io.rapport.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IsoTimestampsTest {

    /** The formatter's outcome, the reference: the epoch milliseconds, or the exception class and message. */
    static String formatterOutcome(String text) {
        try {
            return "= "
                    + DateTimeFormatter.ISO_OFFSET_DATE_TIME
                            .parse(text, Instant::from)
                            .toEpochMilli();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    static String outcome(String text) {
        try {
            return "= " + IsoTimestamps.toEpochMilli(text);
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-22T17:00:00Z",
                "2026-11-22T17:00:00.1Z",
                "2026-11-22T17:00:00.12Z",
                "2026-11-22T17:00:00.123Z",
                "2026-11-22T17:00:00.1234Z",
                "2026-11-22T17:00:00.123456789Z",
                "2026-11-22T17:00:00.999999999+01:00",
                "2026-11-22T18:00:00+01:00",
                "2026-11-22T22:30:00+05:30",
                "2026-11-22T11:15:00-05:45",
                "2026-11-22T17:00:00-00:00",
                "2026-11-22T17:00:00+17:59",
                "2024-02-29T12:00:00Z",
                "2000-02-29T00:00:00Z",
                "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59.999Z",
                "1969-12-31T23:59:59.9995Z",
                "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999-17:59",
                "2026-12-31T23:59:59Z",
            })
    void commonShape_isReadWithoutTheFormatterToTheFormattersValue(String text) {
        assertThat(IsoTimestamps.readCommonShape(text)).isNotEqualTo(IsoTimestamps.NOT_COMMON);
        assertThat(outcome(text)).isEqualTo(formatterOutcome(text)).startsWith("= ");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-22t17:00:00z",
                "2026-11-22T17:00:00z",
                "2026-11-22t17:00:00Z",
                "2026-11-22T17:00Z",
                "2026-11-22T17:00+01:00",
                "2026-11-22T17:00:00.Z",
                "2026-11-22T17:00:00.1234567891Z",
                "2026-11-22T17:00:00,5Z",
                "2026-11-22T17:00:00+18:00",
                "2026-11-22T17:00:00-18:00",
                "2026-11-22T17:00:00+18:01",
                "2026-11-22T17:00:00+19:00",
                "2026-11-22T17:00:00+05",
                "2026-11-22T17:00:00+0530",
                "2026-11-22T17:00:00+05:30:15",
                "2026-11-22T17:00:00+5:30",
                "2026-11-22T17:00:00+05:60",
                "2026-11-22T17:00:00Z[UTC]",
                "2026-11-22T17:00:00+01:00[Europe/Paris]",
                "2026-02-30T00:00:00Z",
                "2023-02-29T00:00:00Z",
                "1900-02-29T00:00:00Z",
                "2026-04-31T00:00:00Z",
                "2026-13-01T00:00:00Z",
                "2026-00-10T00:00:00Z",
                "2026-11-00T00:00:00Z",
                "2026-11-32T00:00:00Z",
                "2026-11-22T24:00:00Z",
                "2026-11-22T23:60:00Z",
                "2026-11-22T23:59:60Z",
                "2026-11-22T17:00:00",
                "2026-11-22 17:00:00Z",
                "+2026-11-22T17:00:00Z",
                "-2026-11-22T17:00:00Z",
                "20261-11-22T17:00:00Z",
                "+20261-11-22T17:00:00Z",
                "+999999999-12-31T23:59:59Z",
                "-000001-01-01T00:00:00Z",
                "026-11-22T17:00:00Z",
                "\u0662\u0660\u0662\u0666-11-22T17:00:00Z",
                "2026-11-22T17:00:00ZZ",
                "2026-11-22T17:00:00+01:00Z",
                "2026-1-22T17:00:00Z",
                "2026-11-22T17:0:00Z",
                "",
                " ",
                "Z",
                "2026-11-22",
                "2026-11-22T17:00:00 Z",
            })
    void otherText_isLeftToTheFormatterWithItsOwnOutcome(String text) {
        assertThat(IsoTimestamps.readCommonShape(text)).isEqualTo(IsoTimestamps.NOT_COMMON);
        assertThat(outcome(text)).isEqualTo(formatterOutcome(text));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "2026-11-22 17:00:00+00:00      | 2026-11-22T17:00:00Z",
                "2026-11-22 17:00:00.123456+00:00 | 2026-11-22T17:00:00.123456Z",
                "2026-11-22T18:00:00+0100       | 2026-11-22T17:00:00Z",
                "2026-11-22T11:15:00-0545       | 2026-11-22T17:00:00Z",
                "2026-11-22T17:00:00,5Z         | 2026-11-22T17:00:00.500Z",
                "20261122T170000Z               | 2026-11-22T17:00:00Z",
                "20261122T180000,25+0100        | 2026-11-22T17:00:00.250Z",
                "20261122T1800+01               | 2026-11-22T17:00:00Z",
                "2026-11-22T17:00:00Z           | 2026-11-22T17:00:00Z",
            })
    void anEventsTime_mayBeWrittenInTheOtherIso8601FormsToolsWrite(String text, String instant) {
        assertThat(IsoTimestamps.eventTime(text.strip()))
                .as(text)
                .isEqualTo(Instant.parse(instant).toEpochMilli());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-22T17:00:00",
                "2026-11-22 17:00:00",
                "20261122T170000",
                "2026-11-22T17:00:00+01:00[Europe/Paris]",
                "2026-11-22T25:00:00Z",
                "20261122T1700,5Z",
                "2026-11-22T17:00:00.1234567890Z",
                "2026-11-22T17:00:00+01:0",
                "2026/11/22T17:00:00Z",
            })
    void anEventsTime_withoutAZone_orOutOfRange_isStillRefused_withTheFormattersException(String text) {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> IsoTimestamps.eventTime(text)))
                .as(text)
                .isInstanceOf(java.time.DateTimeException.class)
                .hasMessage(formatterOutcome(text).replaceFirst("^[^:]*: ", ""));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "2026-11-22 17:00:00+2500 | Value out of range: Hour[0-23], Minute[0-59], Second[0-59]",
                "2026-02-30 17:00:00Z     | Invalid date 'FEBRUARY 30'",
                "20260230T170000Z         | Invalid date 'FEBRUARY 30'",
                "2026-11-22T24:00:00+0100 | Invalid value for HourOfDay (valid values 0 - 23): 24",
            })
    void anEventsTime_inAnotherForm_thatDoesNotExist_isRefused_sayingWhichField(String text, String reason) {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> IsoTimestamps.eventTime(text.strip())))
                .as(text)
                .isInstanceOf(java.time.DateTimeException.class)
                .cause()
                .isInstanceOf(java.time.DateTimeException.class)
                .hasMessage(reason.strip());
    }
}
