package io.vigil.replication.config;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;

/**
 * Redis 7.0's rules for configuration values, with its error texts ({@code config.c}, {@code util.c}).
 * Besides the checked parsers used by {@link ConfigSchema}, the C library conversions Redis relies on
 * ({@code strtol}, {@code strtoll}, {@code strtoull}, {@code atoi}) are reproduced so that values Redis
 * accepts loosely (the sentinel directives use {@code atoi}) are read the same way.
 */
public final class ConfigValues {

    /** The reason for a yes/no value that is neither. */
    public static final String YES_OR_NO = "argument must be 'yes' or 'no'";
    /** The reason for an integer value that is not one ({@code string2ll} failed). */
    public static final String NOT_AN_INTEGER = "argument couldn't be parsed into an integer";
    /** The reason for a memory value that is not one ({@code memtoull} failed). */
    public static final String NOT_A_MEMORY_VALUE = "argument must be a memory value";

    private ConfigValues() {
    }

    /** Reads {@code yes} or {@code no} (any case), else fails with {@value #YES_OR_NO}. */
    public static boolean parseYesNo(String value) throws InvalidValueException {
        int yn = yesNo(value);
        if (yn < 0) {
            throw new InvalidValueException(YES_OR_NO);
        }
        return yn == 1;
    }

    /** Redis's {@code yesnotoi}: 1 for yes, 0 for no, -1 otherwise (case-insensitive). */
    public static int yesNo(String value) {
        if (ConfigParser.equalsIgnoreCaseAscii(value, "yes")) {
            return 1;
        }
        if (ConfigParser.equalsIgnoreCaseAscii(value, "no")) {
            return 0;
        }
        return -1;
    }

    /**
     * Reads an integer configuration value: strict decimal ({@code string2ll}: no spaces, no {@code +}, no
     * leading zeros), then the bounds, with Redis's reasons.
     */
    public static long parseInteger(String value, long min, long max) throws InvalidValueException {
        OptionalLong parsed = string2ll(value);
        if (parsed.isEmpty()) {
            throw new InvalidValueException(NOT_AN_INTEGER);
        }
        return checkBounds(parsed.getAsLong(), min, max);
    }

    /**
     * Reads a memory configuration value ({@link #memoryToBytes(String)}), then the bounds, with Redis's
     * reasons. The bounds are compared with the value read as a signed 64-bit number, as Redis does.
     */
    public static long parseMemory(String value, long min, long max) throws InvalidValueException {
        OptionalLong parsed = memoryToBytes(value);
        if (parsed.isEmpty()) {
            throw new InvalidValueException(NOT_A_MEMORY_VALUE);
        }
        return checkBounds(parsed.getAsLong(), min, max);
    }

    /** Fails with {@code argument must be between MIN and MAX inclusive} when out of bounds. */
    public static long checkBounds(long value, long min, long max) throws InvalidValueException {
        if (value < min || value > max) {
            throw new InvalidValueException("argument must be between " + min + " and " + max + " inclusive");
        }
        return value;
    }

    /**
     * Reads one of {@code allowed} (any case) and returns it as listed, else fails with
     * {@code argument(s) must be one of the following: a, b, c}.
     */
    public static String parseEnum(String value, List<String> allowed) throws InvalidValueException {
        for (String candidate : allowed) {
            if (ConfigParser.equalsIgnoreCaseAscii(candidate, value)) {
                return candidate;
            }
        }
        throw new InvalidValueException("argument(s) must be one of the following: " + String.join(", ", allowed));
    }

    /**
     * Redis's {@code memtoull}: decimal digits followed by an optional unit, case-insensitive: none or
     * {@code b} (bytes), {@code k} (1000), {@code kb} (1024), {@code m} (1000²), {@code mb} (1024²), {@code g}
     * (1000³), {@code gb} (1024³). Empty when it is not a memory value (a sign, a space, a fraction, an unknown
     * unit). Like Redis: leading zeros are fine, no digits at all reads as 0 ({@code "k"} is 0), too many
     * digits saturate and a product too large wraps around 2<sup>64</sup>; the result is the unsigned 64-bit
     * value's bits.
     */
    public static OptionalLong memoryToBytes(String value) {
        if (value.startsWith("-")) {
            return OptionalLong.empty();
        }
        int u = 0;
        while (u < value.length() && isDigit(value.charAt(u))) {
            u++;
        }
        String unit = value.substring(u);
        long multiplier;
        switch (ConfigParser.toLowerAscii(unit)) {
            case "", "b" -> multiplier = 1;
            case "k" -> multiplier = 1000L;
            case "kb" -> multiplier = 1024L;
            case "m" -> multiplier = 1000L * 1000;
            case "mb" -> multiplier = 1024L * 1024;
            case "g" -> multiplier = 1000L * 1000 * 1000;
            case "gb" -> multiplier = 1024L * 1024 * 1024;
            default -> {
                return OptionalLong.empty();
            }
        }
        if (u >= 128) {
            return OptionalLong.empty();
        }
        long digits = strtoull(value.substring(0, u));
        return OptionalLong.of(digits * multiplier);
    }

    /**
     * Redis's {@code string2ll}: an optional {@code -}, then a decimal number without leading zeros, nothing
     * else, within the signed 64-bit range.
     */
    public static OptionalLong string2ll(String value) {
        int length = value.length();
        if (length == 0 || length >= 21) {
            return OptionalLong.empty();
        }
        if (length == 1 && value.charAt(0) == '0') {
            return OptionalLong.of(0);
        }
        int p = 0;
        boolean negative = false;
        if (value.charAt(0) == '-') {
            negative = true;
            p++;
            if (p == length) {
                return OptionalLong.empty();
            }
        }
        char first = value.charAt(p);
        if (first < '1' || first > '9') {
            return OptionalLong.empty();
        }
        long v = 0;
        for (; p < length; p++) {
            char c = value.charAt(p);
            if (!isDigit(c)) {
                return OptionalLong.empty();
            }
            int digit = c - '0';
            // Accumulate negatively so that Long.MIN_VALUE fits.
            if (v < (Long.MIN_VALUE + digit) / 10) {
                return OptionalLong.empty();
            }
            v = v * 10 - digit;
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) {
                return OptionalLong.empty();
            }
            v = -v;
        }
        return OptionalLong.of(v);
    }

    /** The result of a C {@code strtol}-family conversion: the value and whether the whole text was consumed. */
    public record CNumber(long value, boolean fullyConsumed) {
    }

    /**
     * C's {@code strtol(s, &end, 10)} (64-bit {@code long}): leading white space, an optional sign, decimal
     * digits; saturates on overflow. {@code fullyConsumed} is C's {@code *end == '\0'}: true for the empty
     * string, false when no digits were read from a non-empty text.
     */
    public static CNumber strtol(String s) {
        int p = 0;
        int n = s.length();
        while (p < n && isCSpace(s.charAt(p))) {
            p++;
        }
        boolean negative = false;
        if (p < n && (s.charAt(p) == '+' || s.charAt(p) == '-')) {
            negative = s.charAt(p) == '-';
            p++;
        }
        int digitsStart = p;
        long v = 0;
        boolean overflow = false;
        while (p < n && isDigit(s.charAt(p))) {
            int digit = s.charAt(p) - '0';
            if (!overflow) {
                if (v < (Long.MIN_VALUE + digit) / 10) {
                    overflow = true;
                } else {
                    v = v * 10 - digit;
                }
            }
            p++;
        }
        if (p == digitsStart) {
            return new CNumber(0, s.isEmpty());
        }
        long result;
        if (overflow) {
            result = negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        } else if (negative) {
            result = v;
        } else {
            result = v == Long.MIN_VALUE ? Long.MAX_VALUE : -v;
        }
        return new CNumber(result, p == n);
    }

    /** C's {@code atoi}: {@code (int) strtol(s, NULL, 10)}; garbage after the digits is ignored, none reads 0. */
    public static int atoi(String s) {
        return (int) strtol(s).value();
    }

    /**
     * C's {@code strtoull(s, NULL, 10)}: leading white space, an optional sign ({@code -} negates modulo
     * 2<sup>64</sup>), decimal digits; saturates at 2<sup>64</sup>-1. The result is the unsigned value's bits.
     */
    public static long strtoull(String s) {
        int p = 0;
        int n = s.length();
        while (p < n && isCSpace(s.charAt(p))) {
            p++;
        }
        boolean negative = false;
        if (p < n && (s.charAt(p) == '+' || s.charAt(p) == '-')) {
            negative = s.charAt(p) == '-';
            p++;
        }
        long v = 0;
        boolean overflow = false;
        while (p < n && isDigit(s.charAt(p))) {
            int digit = s.charAt(p) - '0';
            if (!overflow) {
                // v * 10 + digit > 2^64 - 1 ?
                if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - digit, 10)) > 0) {
                    overflow = true;
                } else {
                    v = v * 10 + digit;
                }
            }
            p++;
        }
        if (overflow) {
            return -1L;
        }
        return negative ? -v : v;
    }

    /** The length of {@code s} in bytes as UTF-8 ({@code strlen} of the configuration value). */
    public static int byteLength(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Formats the unsigned 64-bit value held in {@code bits}. */
    public static String unsigned(long bits) {
        return Long.toUnsignedString(bits);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isCSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == 0x0c || c == '\r';
    }
}
