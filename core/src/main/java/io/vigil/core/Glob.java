package io.vigil.core;

/**
 * Glob-style matching of binary strings, as Redis's util.c stringmatchlen used by KEYS and SCAN MATCH:
 * {@code *}, {@code ?}, {@code [abc]}, {@code [^a]}, {@code [a-z]} and {@code \} escapes. Bytes compare as
 * signed C chars in ranges, as in Redis. Threadsafe.
 */
public final class Glob
{
    private Glob()
    {
    }

    /**
     * @param pattern the glob.
     * @param string  the bytes to test.
     * @return true if the whole string matches.
     */
    public static boolean matches(final byte[] pattern, final byte[] string)
    {
        return matches(pattern, string, string.length);
    }

    /**
     * @param pattern the glob.
     * @param string  holds the bytes to test from its start.
     * @param length  how many of its bytes to test.
     * @return true if the whole of those bytes matches.
     */
    public static boolean matches(final byte[] pattern, final byte[] string, final int length)
    {
        return match(pattern, 0, string, length, 0, 0, new boolean[1]);
    }

    /**
     * @return true if the pattern is "*", which matches everything and lets callers skip matching.
     */
    public static boolean matchesAll(final byte[] pattern)
    {
        return pattern.length == 1 && pattern[0] == '*';
    }

    @SuppressWarnings("fallthrough")
    private static boolean match(
        final byte[] p,
        final int pStart,
        final byte[] s,
        final int slen,
        final int sStart,
        final int depth,
        final boolean[] skipLonger)
    {
        // util.c stringmatchlen_impl bounds recursion on pathological patterns the same way.
        if (depth > 1000)
        {
            return false;
        }
        int pi = pStart;
        int si = sStart;
        final int plen = p.length;
        while (pi < plen && si < slen)
        {
            switch (p[pi])
            {
                case '*':
                    while (pi + 1 < plen && p[pi + 1] == '*')
                    {
                        pi++;
                    }
                    if (pi + 1 == plen)
                    {
                        return true;
                    }
                    while (si < slen)
                    {
                        if (match(p, pi + 1, s, slen, si, depth + 1, skipLonger))
                        {
                            return true;
                        }
                        if (skipLonger[0])
                        {
                            return false;
                        }
                        si++;
                    }
                    // The rest of the pattern matches no suffix of the string, so giving an earlier '*' a longer
                    // match cannot help either: stop the whole search (util.c skipLongerMatches). Without this,
                    // patterns such as "*a*a*a*b" take exponential time.
                    skipLonger[0] = true;
                    return false;

                case '?':
                    si++;
                    break;

                case '[':
                {
                    pi++;
                    final boolean not = pi < plen && p[pi] == '^';
                    if (not)
                    {
                        pi++;
                    }
                    boolean match = false;
                    while (true)
                    {
                        if (pi < plen && p[pi] == '\\' && pi + 1 < plen)
                        {
                            pi++;
                            if (p[pi] == s[si])
                            {
                                match = true;
                            }
                        }
                        else if (pi >= plen || p[pi] == ']')
                        {
                            break;
                        }
                        else if (pi + 2 < plen && p[pi + 1] == '-')
                        {
                            // Redis compares C chars, which are signed: bytes 0x80-0xFF sort before 0x00.
                            int start = p[pi];
                            int end = p[pi + 2];
                            final int c = s[si];
                            if (start > end)
                            {
                                final int t = start;
                                start = end;
                                end = t;
                            }
                            pi += 2;
                            if (c >= start && c <= end)
                            {
                                match = true;
                            }
                        }
                        else if (p[pi] == s[si])
                        {
                            match = true;
                        }
                        pi++;
                    }
                    if (pi >= plen)
                    {
                        // An unterminated class: stringmatchlen stops at the end of the pattern.
                        pi = plen - 1;
                    }
                    if (not)
                    {
                        match = !match;
                    }
                    if (!match)
                    {
                        return false;
                    }
                    si++;
                    break;
                }

                case '\\':
                    if (pi + 1 < plen)
                    {
                        pi++;
                    }
                    // fall through to a literal comparison
                default:
                    if (p[pi] != s[si])
                    {
                        return false;
                    }
                    si++;
                    break;
            }
            pi++;
            if (si == slen)
            {
                while (pi < plen && p[pi] == '*')
                {
                    pi++;
                }
                break;
            }
        }
        return pi == plen && si == slen;
    }
}
