package io.vigil.replication.config;

import java.util.Objects;
import java.util.Optional;

/**
 * A fatal configuration error, carrying what {@code redis-server} prints before it exits with status 1.
 * <p>
 * Most errors point at one configuration line: {@link #lineNumber()} and {@link #lineText()} are then the
 * values Redis prints in "Reading the configuration file, at line N" and {@code >>> '...'}. The line number
 * counts lines the way Redis does (see {@link ConfigDirective#lineNumber()}). A few errors have no line
 * (a log file that cannot be opened, a sentinel configuration file that is missing); a configuration file
 * that cannot be opened at all is reported by Redis as a single log line, not as the fatal block
 * ({@link #isLogged()}).
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final String source;
    private final int lineNumber;
    private final String lineText;
    private final boolean logged;

    private ConfigException(String reason, String source, int lineNumber, String lineText, boolean logged) {
        super(describe(reason, source, lineNumber, lineText));
        this.reason = Objects.requireNonNull(reason, "reason");
        this.source = source;
        this.lineNumber = lineNumber;
        this.lineText = lineText;
        this.logged = logged;
    }

    /** An error about one configuration line. */
    public static ConfigException atLine(String reason, String source, int lineNumber, String lineText) {
        if (lineNumber < 1) {
            throw new IllegalArgumentException("line numbers start at 1: " + lineNumber);
        }
        return new ConfigException(reason, source, lineNumber, Objects.requireNonNull(lineText, "lineText"), false);
    }

    /** An error about the given directive's line. */
    public static ConfigException at(ConfigDirective directive, String reason) {
        return atLine(reason, directive.source(), directive.lineNumber(), directive.lineText());
    }

    /** An error that concerns the configuration as a whole; Redis prints the fatal block without a line. */
    public static ConfigException withoutLine(String reason) {
        return new ConfigException(reason, null, 0, null, false);
    }

    /** A configuration file that could not be read: Redis logs "Fatal error, can't open config file ..." and exits 1. */
    public static ConfigException cannotOpen(String path, String systemError) {
        return new ConfigException("Fatal error, can't open config file '" + path + "': " + systemError,
                path, 0, null, true);
    }

    /** An error that Redis writes through its logger as one line (no fatal block) before it exits 1. */
    public static ConfigException logged(String message) {
        return new ConfigException(message, null, 0, null, true);
    }

    /** The last line Redis prints: the reason alone, e.g. {@code wrong number of arguments}. */
    public String reason() {
        return reason;
    }

    /** The file the offending line came from ({@code "command line"}, {@code "stdin"}, or a path), if known. */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /** Whether the error points at one line. */
    public boolean hasLine() {
        return lineText != null;
    }

    /** The line number Redis reports, or 0 when the error has no line. */
    public int lineNumber() {
        return lineNumber;
    }

    /** The offending line as Redis prints it between {@code >>> '} and {@code '}: trimmed, quotes as written. */
    public Optional<String> lineText() {
        return Optional.ofNullable(lineText);
    }

    /**
     * Whether Redis reports this error as one log line instead of the fatal block: a configuration file that
     * cannot be opened, or a sentinel configuration file that is missing or not writable.
     */
    public boolean isLogged() {
        return logged;
    }

    /**
     * The text to print on standard error before exiting with status 1, byte for byte what Redis 7.0 prints
     * when {@code version} is {@code "Redis 7.0.15"}:
     * <pre>
     *
     * *** FATAL CONFIG FILE ERROR (Vigil 0.1.0) ***
     * Reading the configuration file, at line 4
     * &gt;&gt;&gt; 'logfile "/tmp/x" extra'
     * wrong number of arguments
     * </pre>
     * The block starts with an empty line, as Redis's does, and ends with a line feed. For a file
     * that cannot be opened it is the single line
     * {@code Fatal error, can't open config file '...': ...} (Redis writes it through its logger, with the
     * logger's prefix, and without the block); the same holds for the other {@linkplain #isLogged() logged}
     * errors.
     *
     * @param version what goes between the parentheses, e.g. {@code "Vigil 0.1.0"}
     */
    public String fatalReport(String version) {
        if (logged) {
            return reason + "\n";
        }
        StringBuilder out = new StringBuilder();
        out.append("\n*** FATAL CONFIG FILE ERROR (").append(version).append(") ***\n");
        if (lineText != null) {
            out.append("Reading the configuration file, at line ").append(lineNumber).append('\n');
            out.append(">>> '").append(lineText).append("'\n");
        }
        out.append(reason).append('\n');
        return out.toString();
    }

    private static String describe(String reason, String source, int lineNumber, String lineText) {
        if (lineText == null) {
            return reason;
        }
        return reason + " (" + (source == null ? "" : source + ", ") + "line " + lineNumber + ": '" + lineText + "')";
    }
}
