package io.vigil.replication.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code redis-server}'s {@code main()} makes of its arguments: the configuration file, whether standard
 * input is read too, the directives read from them, the directives the {@code --name value} options make,
 * and the mode flags.
 * <p>
 * Later directives win: {@link #allDirectives()} lists the file's (and standard input's) before the
 * options'. When {@link #versionRequested()} or {@link #helpRequested()} is set, nothing was read: Redis
 * prints and exits before it looks at any configuration.
 *
 * @param configFile         the configuration file argument as given ({@code args[0]} when it does not start
 *                           with {@code -}), if any
 * @param configFromStdin    whether {@code -} asked for configuration text on standard input
 * @param fileDirectives     the directives of the configuration file, then of standard input, includes expanded
 * @param argumentDirectives the directives of the command-line options, in order
 * @param sentinelMode       whether an argument is exactly {@code --sentinel}
 * @param versionRequested   whether the first argument is {@code -v} or {@code --version}
 * @param helpRequested      whether the first argument is {@code -h} or {@code --help}
 * @param workingDirectory   the directory relative paths were resolved against (absolute)
 */
public record CommandLine(Optional<String> configFile,
                          boolean configFromStdin,
                          List<ConfigDirective> fileDirectives,
                          List<ConfigDirective> argumentDirectives,
                          boolean sentinelMode,
                          boolean versionRequested,
                          boolean helpRequested,
                          Path workingDirectory) {

    /** Copies the lists; all components are required. */
    public CommandLine {
        Objects.requireNonNull(configFile, "configFile");
        fileDirectives = List.copyOf(fileDirectives);
        argumentDirectives = List.copyOf(argumentDirectives);
        workingDirectory = workingDirectory.toAbsolutePath();
    }

    /** The file's directives followed by the options' (later wins). */
    public List<ConfigDirective> allDirectives() {
        List<ConfigDirective> all = new ArrayList<>(fileDirectives.size() + argumentDirectives.size());
        all.addAll(fileDirectives);
        all.addAll(argumentDirectives);
        return List.copyOf(all);
    }

    /** The configuration file made absolute, as Redis records it for {@code CONFIG REWRITE}. */
    public Optional<Path> configFilePath() {
        return configFile.map(f -> workingDirectory.resolve(f).toAbsolutePath().normalize());
    }

    /**
     * Redis's start-up check in sentinel mode ({@code sentinelCheckConfigFile}): Sentinel saves its state in
     * its configuration file, so there must be one and it must be writable. Does nothing outside sentinel
     * mode.
     *
     * @throws ConfigException a {@linkplain ConfigException#isLogged() logged} error with Redis's message
     */
    public void checkSentinelConfigFile() throws ConfigException {
        if (!sentinelMode) {
            return;
        }
        Optional<Path> path = configFilePath();
        if (path.isEmpty()) {
            throw ConfigException.logged("Sentinel needs config file on disk to save state. Exiting...");
        }
        String error = null;
        try {
            Path file = path.get();
            if (!Files.exists(file)) {
                throw new NoSuchFileException(file.toString());
            }
            if (!Files.isWritable(file)) {
                throw new AccessDeniedException(file.toString());
            }
        } catch (IOException e) {
            error = ConfigParser.systemError(e);
        }
        if (error != null) {
            throw ConfigException.logged("Sentinel config file " + path.get() + " is not writable: " + error
                    + ". Exiting...");
        }
    }
}
