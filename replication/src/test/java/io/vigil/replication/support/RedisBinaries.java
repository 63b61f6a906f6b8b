package io.vigil.replication.support;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds Redis executables ({@code redis-server}, {@code redis-cli}, {@code redis-benchmark}) on the {@code PATH} for
 * interoperability tests.
 * <p>
 * When one is missing the calling test is skipped with the reason shown, except when the environment variable
 * {@code CI} is {@code true}: there a missing binary is a broken setup and the test fails instead. On Debian the
 * binaries come from {@code apt-get install redis-server redis-tools}.
 * <p>
 * The same logic as the core module's test helper of that name, whose test classes this module cannot see.
 * Stateless and threadsafe.
 */
public final class RedisBinaries
{
    private RedisBinaries()
    {
    }

    /**
     * Locate executables, or skip (fail on CI) the current test if any is missing.
     *
     * @param names executable names such as {@code "redis-server"}.
     * @return their paths, in the order of {@code names}.
     */
    public static Path[] require(final String... names)
    {
        final Path[] paths = new Path[names.length];
        for (int i = 0; i < names.length; i++)
        {
            paths[i] = find(names[i]);
            if (paths[i] == null)
            {
                final String reason = names[i] + " not found on PATH; install it with " +
                    "'apt-get install -y redis-server redis-tools' to run this Redis interoperability test";
                if (isCi())
                {
                    Assertions.fail("CI=true and " + reason);
                }
                // Surefire's console shows only a count of skipped tests, so say why here too.
                System.err.println("Skipping Redis interoperability test: " + reason);
                Assumptions.abort(reason);
            }
        }
        return paths;
    }

    /**
     * @param name executable name.
     * @return its path on the {@code PATH}, or null if absent.
     */
    public static Path find(final String name)
    {
        final String pathVariable = System.getenv("PATH");
        if (pathVariable == null)
        {
            return null;
        }
        for (final String dir : pathVariable.split(File.pathSeparator))
        {
            if (!dir.isEmpty())
            {
                final Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    /**
     * @return true when running on CI, where missing prerequisites must fail rather than skip.
     */
    public static boolean isCi()
    {
        return "true".equalsIgnoreCase(String.valueOf(System.getenv("CI")).trim());
    }
}
