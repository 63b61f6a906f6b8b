package io.vigil.replication.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ConfigValuesTest {

    static long memory(String value) {
        return ConfigValues.memoryToBytes(value).orElseThrow();
    }

    @Test
    void memoryUnitsAreDecimalWithoutBAndBinaryWithB() {
        assertEquals(1000, memory("1k"));
        assertEquals(1024, memory("1kb"));
        assertEquals(1_000_000, memory("1m"));
        assertEquals(1024 * 1024, memory("1mb"));
        assertEquals(1_000_000_000, memory("1g"));
        assertEquals(1024L * 1024 * 1024, memory("1gb"));
        assertEquals(512L * 1024 * 1024, memory("512mb"));
    }

    @Test
    void memoryUnitsAreCaseInsensitive() {
        assertEquals(1024, memory("1KB"));
        assertEquals(1024, memory("1Kb"));
        assertEquals(1000, memory("1K"));
        assertEquals(1024L * 1024 * 1024, memory("1Gb"));
        assertEquals(1_000_000, memory("1M"));
    }

    @Test
    void plainNumbersAndTheBUnitAreBytes() {
        assertEquals(1_048_576, memory("1048576"));
        assertEquals(7, memory("7b"));
        assertEquals(7, memory("7B"));
        assertEquals(7, memory("007"));
        assertEquals(0, memory("0"));
    }

    @Test
    void malformedMemoryValuesAreRefused() {
        for (String bad : List.of("-1", "-0", "1x", "1.5k", " 1k", "1 k", "+1", "0x10", "1e3", "1kbb", "kk", "1\u212a")) {
            assertEquals(OptionalLong.empty(), ConfigValues.memoryToBytes(bad), bad);
        }
    }

    @Test
    void memoryValuesWithoutDigitsReadAsZeroAsInRedis() {
        assertEquals(0, memory(""));
        assertEquals(0, memory("k"));
        assertEquals(0, memory("gb"));
    }

    @Test
    void memoryValuesSaturateAndWrapAsInRedis() {
        assertEquals(-1L, memory("99999999999999999999"));
        assertEquals(0L, memory("18014398509481984kb"));
        assertEquals(1413189099967217664L, memory("9999999999999gb"));
        assertEquals(Long.MIN_VALUE, memory("9223372036854775808"));
        assertEquals(OptionalLong.empty(), ConfigValues.memoryToBytes("1".repeat(128)));
    }

    @Test
    void parseMemoryChecksBoundsAsSignedValues() throws InvalidValueException {
        assertEquals(1024, ConfigValues.parseMemory("1kb", 1, Long.MAX_VALUE));
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> ConfigValues.parseMemory("9223372036854775808", 1, Long.MAX_VALUE));
        assertEquals("argument must be between 1 and 9223372036854775807 inclusive", e.getMessage());
        e = assertThrows(InvalidValueException.class, () -> ConfigValues.parseMemory("1x", 1, Long.MAX_VALUE));
        assertEquals("argument must be a memory value", e.getMessage());
        e = assertThrows(InvalidValueException.class, () -> ConfigValues.parseMemory("k", 1, Long.MAX_VALUE));
        assertEquals("argument must be between 1 and 9223372036854775807 inclusive", e.getMessage());
    }

    @Test
    void integersAreStrictDecimal() {
        assertEquals(OptionalLong.of(0), ConfigValues.string2ll("0"));
        assertEquals(OptionalLong.of(-12), ConfigValues.string2ll("-12"));
        assertEquals(OptionalLong.of(Long.MAX_VALUE), ConfigValues.string2ll("9223372036854775807"));
        assertEquals(OptionalLong.of(Long.MIN_VALUE), ConfigValues.string2ll("-9223372036854775808"));
        for (String bad : List.of("", "-", "007", "-0", "+1", " 1", "1 ", "1.0", "12k", "0x10",
                "9223372036854775808", "99999999999999999999", "-9223372036854775809")) {
            assertEquals(OptionalLong.empty(), ConfigValues.string2ll(bad), bad);
        }
    }

    @Test
    void parseIntegerUsesRedisReasons() throws InvalidValueException {
        assertEquals(6380, ConfigValues.parseInteger("6380", 0, 65535));
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> ConfigValues.parseInteger("abc", 0, 65535));
        assertEquals("argument couldn't be parsed into an integer", e.getMessage());
        e = assertThrows(InvalidValueException.class, () -> ConfigValues.parseInteger("70000", 0, 65535));
        assertEquals("argument must be between 0 and 65535 inclusive", e.getMessage());
    }

    @Test
    void yesAndNoInAnyCase() throws InvalidValueException {
        assertTrue(ConfigValues.parseYesNo("YES"));
        assertFalse(ConfigValues.parseYesNo("No"));
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> ConfigValues.parseYesNo("maybe"));
        assertEquals("argument must be 'yes' or 'no'", e.getMessage());
        assertEquals(-1, ConfigValues.yesNo("1"));
    }

    @Test
    void caseFoldingIsAsciiOnlyAsInCLocale() {
        assertEquals(-1, ConfigValues.yesNo("ye\u017f"));
        assertEquals(-1, ConfigValues.yesNo("\u212ao"));
        assertEquals(OptionalLong.empty(), ConfigValues.memoryToBytes("1\u212ab"));
    }

    @Test
    void enumsMatchInAnyCaseAndListTheChoices() throws InvalidValueException {
        assertEquals("notice", ConfigValues.parseEnum("NOTICE", List.of("debug", "notice")));
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> ConfigValues.parseEnum("loud", List.of("debug", "verbose", "notice", "warning")));
        assertEquals("argument(s) must be one of the following: debug, verbose, notice, warning", e.getMessage());
    }

    @Test
    void strtolSkipsLeadingSpaceTakesASignAndReportsLeftovers() {
        assertEquals(new ConfigValues.CNumber(6379, true), ConfigValues.strtol("6379"));
        assertEquals(new ConfigValues.CNumber(6379, true), ConfigValues.strtol(" +6379"));
        assertEquals(new ConfigValues.CNumber(6379, false), ConfigValues.strtol("6379 "));
        assertEquals(new ConfigValues.CNumber(0, true), ConfigValues.strtol(""));
        assertEquals(new ConfigValues.CNumber(0, false), ConfigValues.strtol("abc"));
        assertEquals(new ConfigValues.CNumber(0, false), ConfigValues.strtol("0x10"));
        assertEquals(new ConfigValues.CNumber(Long.MAX_VALUE, true), ConfigValues.strtol("99999999999999999999"));
        assertEquals(new ConfigValues.CNumber(Long.MIN_VALUE, true), ConfigValues.strtol("-99999999999999999999"));
    }

    @Test
    void atoiIgnoresTrailingGarbageAndTruncatesToInt() {
        assertEquals(100, ConfigValues.atoi("100x"));
        assertEquals(0, ConfigValues.atoi("<quorum>"));
        assertEquals(2, ConfigValues.atoi(" 2"));
        assertEquals(1215752191, ConfigValues.atoi("99999999999"));
        assertEquals(-1, ConfigValues.atoi("99999999999999999999"));
    }

    @Test
    void strtoullWrapsNegativesAndSaturates() {
        assertEquals(42, ConfigValues.strtoull("42"));
        assertEquals(0, ConfigValues.strtoull("x"));
        assertEquals(-1L, ConfigValues.strtoull("18446744073709551615"));
        assertEquals(-1L, ConfigValues.strtoull("99999999999999999999"));
        assertEquals(-5L, ConfigValues.strtoull("-5"));
        assertEquals("18446744073709551615", ConfigValues.unsigned(ConfigValues.strtoull("18446744073709551615")));
    }
}
