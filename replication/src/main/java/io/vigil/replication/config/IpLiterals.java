package io.vigil.replication.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Numeric host addresses as {@code getaddrinfo(..., AI_NUMERICHOST)} accepts them, without any name lookup:
 * IPv4 in {@code inet_aton} forms ({@code 127.0.0.1}, {@code 127.1}, {@code 0x7f.0.0.1}, octal parts) and IPv6
 * text forms with an optional {@code %scope}.
 */
final class IpLiterals {

    private IpLiterals() {
    }

    /** A canonical spelling of the address (dotted quad, or eight lower-case hex groups), or empty. */
    static Optional<String> canonical(String host) {
        Optional<String> v4 = ipv4(host);
        if (v4.isPresent()) {
            return v4;
        }
        return ipv6(host);
    }

    static boolean isLiteral(String host) {
        return canonical(host).isPresent();
    }

    /** {@code inet_aton}: one to four parts, each decimal, octal (leading 0) or hex (0x). */
    static Optional<String> ipv4(String s) {
        if (s.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            long v = cNumber(parts[i]);
            if (v < 0) {
                return Optional.empty();
            }
            values[i] = v;
        }
        long address;
        int n = parts.length;
        for (int i = 0; i < n - 1; i++) {
            if (values[i] > 0xff) {
                return Optional.empty();
            }
        }
        long last = values[n - 1];
        long lastMax = switch (n) {
            case 1 -> 0xffffffffL;
            case 2 -> 0xffffffL;
            case 3 -> 0xffffL;
            default -> 0xffL;
        };
        if (last > lastMax) {
            return Optional.empty();
        }
        address = last;
        for (int i = 0; i < n - 1; i++) {
            address |= values[i] << (24 - 8 * i);
        }
        return Optional.of(((address >> 24) & 0xff) + "." + ((address >> 16) & 0xff) + "."
                + ((address >> 8) & 0xff) + "." + (address & 0xff));
    }

    /** One inet_aton part; -1 when malformed or above 2^32-1. */
    private static long cNumber(String part) {
        if (part.isEmpty() || asciiDigit(part.charAt(0), 10) < 0) {
            return -1;
        }
        int base = 10;
        int p = 0;
        if (part.charAt(0) == '0') {
            base = 8;
            p = 1;
            if (p < part.length() && (part.charAt(p) == 'x' || part.charAt(p) == 'X')) {
                base = 16;
                p++;
            }
        }
        long v = 0;
        for (; p < part.length(); p++) {
            int digit = asciiDigit(part.charAt(p), base);
            if (digit < 0) {
                return -1;
            }
            v = v * base + digit;
            if (v > 0xffffffffL) {
                return -1;
            }
        }
        return v;
    }

    /** IPv6 text (RFC 4291 section 2.2) with an optional non-empty {@code %scope}. */
    static Optional<String> ipv6(String s) {
        String address = s;
        int percent = s.indexOf('%');
        if (percent >= 0) {
            if (percent == s.length() - 1) {
                return Optional.empty();
            }
            address = s.substring(0, percent);
        }
        if (address.indexOf(':') < 0) {
            return Optional.empty();
        }
        int[] groups = new int[8];
        int count = 0;
        int compressAt = -1;
        String rest = address;
        if (rest.startsWith("::")) {
            compressAt = 0;
            rest = rest.substring(2);
            if (rest.isEmpty()) {
                return Optional.of(format(groups, percent >= 0 ? s.substring(percent) : ""));
            }
        } else if (rest.startsWith(":")) {
            return Optional.empty();
        }
        String[] pieces = rest.split(":", -1);
        for (int i = 0; i < pieces.length; i++) {
            String piece = pieces[i];
            boolean lastPiece = i == pieces.length - 1;
            if (piece.isEmpty()) {
                if (lastPiece && compressAt == count && compressAt > 0) {
                    break;
                }
                if (compressAt >= 0 || lastPiece) {
                    return Optional.empty();
                }
                compressAt = count;
                continue;
            }
            if (lastPiece && piece.indexOf('.') >= 0) {
                Optional<int[]> v4 = dottedQuad(piece);
                if (v4.isEmpty() || count > 6) {
                    return Optional.empty();
                }
                int[] q = v4.get();
                groups[count++] = (q[0] << 8) | q[1];
                groups[count++] = (q[2] << 8) | q[3];
                break;
            }
            if (piece.length() > 4 || count >= 8) {
                return Optional.empty();
            }
            int value = 0;
            for (int k = 0; k < piece.length(); k++) {
                int digit = asciiDigit(piece.charAt(k), 16);
                if (digit < 0) {
                    return Optional.empty();
                }
                value = value * 16 + digit;
            }
            groups[count++] = value;
        }
        if (compressAt < 0) {
            if (count != 8) {
                return Optional.empty();
            }
        } else {
            if (count > 7) {
                return Optional.empty();
            }
            int shift = 8 - count;
            for (int k = count - 1; k >= compressAt; k--) {
                groups[k + shift] = groups[k];
            }
            for (int k = compressAt; k < compressAt + shift; k++) {
                groups[k] = 0;
            }
        }
        return Optional.of(format(groups, percent >= 0 ? s.substring(percent) : ""));
    }

    private static Optional<int[]> dottedQuad(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        int[] out = new int[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                return Optional.empty();
            }
            int v = 0;
            for (int k = 0; k < part.length(); k++) {
                char c = part.charAt(k);
                if (c < '0' || c > '9') {
                    return Optional.empty();
                }
                v = v * 10 + (c - '0');
            }
            if (v > 255) {
                return Optional.empty();
            }
            out[i] = v;
        }
        return Optional.of(out);
    }

    /** The value of an ASCII digit in {@code base} (8, 10 or 16), or -1. */
    private static int asciiDigit(char c, int base) {
        int v;
        if (c >= '0' && c <= '9') {
            v = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            v = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            v = c - 'A' + 10;
        } else {
            return -1;
        }
        return v < base ? v : -1;
    }

    private static String format(int[] groups, String scope) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i > 0) {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.append(scope.toLowerCase(Locale.ROOT)).toString();
    }
}
