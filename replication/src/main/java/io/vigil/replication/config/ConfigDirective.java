package io.vigil.replication.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One configuration line, split into a directive name and its arguments, as {@code redis-server} reads it.
 * <p>
 * Text: a configuration file is read as bytes and split into arguments byte by byte, exactly as Redis's
 * {@code sdssplitargs} does (so {@code "\xHH"} escapes produce bytes); each argument's bytes are then
 * decoded as UTF-8. An argument that is not well-formed UTF-8 is a configuration error (Vigil's values are
 * text). Command-line arguments, which Java hands over as strings, are encoded as UTF-8 first.
 * {@link #lineText()} is the line decoded as UTF-8 with malformed bytes replaced, for messages only.
 * <p>
 * Trailing comments: Redis has no trailing comments; {@code logfile "/x.log" # where the log goes} is, for
 * Redis, the directive {@code logfile} with six arguments, which it refuses. Vigil splits a line at the
 * first argument (after the name) that begins with an unquoted {@code #}: the rest of the line is a comment,
 * {@link #arguments()} holds what precedes it, {@link #hadTrailingComment()} is true, and
 * {@link #argumentsWithComment()} keeps Redis's reading of the whole line, so that a directive whose
 * arguments legitimately start with {@code #} ({@code requirepass #secret}, a sentinel {@code auth-pass}) can
 * still be read as Redis reads it. {@link ConfigSchema} decides which reading applies.
 * <p>
 * Instances are immutable.
 */
public final class ConfigDirective {

    /** The source name of directives that come from the command line. */
    public static final String COMMAND_LINE = "command line";
    /** The source name of directives read from standard input ({@code redis-server -}). */
    public static final String STDIN = "stdin";

    private final String name;
    private final List<String> arguments;
    private final String source;
    private final int lineNumber;
    private final String lineText;
    private final String trailingComment;
    private final List<String> argumentsWithComment;

    ConfigDirective(String name, List<String> arguments, String source, int lineNumber, String lineText,
                    String trailingComment, List<String> argumentsWithComment) {
        this.name = Objects.requireNonNull(name, "name");
        this.arguments = List.copyOf(arguments);
        this.source = Objects.requireNonNull(source, "source");
        if (lineNumber < 1) {
            throw new IllegalArgumentException("line numbers start at 1: " + lineNumber);
        }
        this.lineNumber = lineNumber;
        this.lineText = Objects.requireNonNull(lineText, "lineText");
        this.trailingComment = trailingComment;
        this.argumentsWithComment = argumentsWithComment == null ? null : List.copyOf(argumentsWithComment);
    }

    /**
     * A directive built in code rather than read from a file: source {@code "code"}, line 1, and a line text
     * quoted the way Redis quotes command-line values.
     */
    public static ConfigDirective of(String name, String... arguments) {
        List<String> args = Arrays.asList(arguments.clone());
        StringBuilder line = new StringBuilder(name);
        for (String argument : args) {
            line.append(' ').append(ConfigParser.quote(argument));
        }
        return new ConfigDirective(ConfigParser.toLowerAscii(name), args, "code", 1, line.toString(), null, null);
    }

    /** The directive name, lower-cased (ASCII letters only, as Redis's {@code sdstolower} in the C locale). */
    public String name() {
        return name;
    }

    /** The arguments after the name, without a trailing comment. Unmodifiable. */
    public List<String> arguments() {
        return arguments;
    }

    /** The number of {@linkplain #arguments() arguments}. */
    public int argumentCount() {
        return arguments.size();
    }

    /** The argument at {@code index} (0 is the first argument after the name). */
    public String argument(int index) {
        return arguments.get(index);
    }

    /** The file this line was read from (as opened), {@value #COMMAND_LINE}, {@value #STDIN}, or a caller's name. */
    public String source() {
        return source;
    }

    /**
     * The line number Redis would report for this line: counted in the file for lines of the configuration
     * file or of a file it includes; for command-line options and standard input, counted in the text Redis
     * assembles (configuration file, then standard input, then a line feed, then one line per option), so that
     * it is the number in Redis's own error message. Lines of files matched by one wildcard {@code include}
     * are counted across the matched files, which Redis reads as one text.
     */
    public int lineNumber() {
        return lineNumber;
    }

    /** The line as Redis prints it in an error: trimmed, with its quotes and any trailing comment. */
    public String lineText() {
        return lineText;
    }

    /**
     * Whether the line ended in a comment ({@code # ...}) after its arguments: Vigil accepts this, Redis 7
     * refuses it (usually "wrong number of arguments"); the launcher should warn.
     */
    public boolean hadTrailingComment() {
        return trailingComment != null;
    }

    /** The trailing comment, from its {@code #} to the end of the line, as written. */
    public Optional<String> trailingComment() {
        return Optional.ofNullable(trailingComment);
    }

    /**
     * The arguments as Redis reads the whole line, comment included; empty when the comment would not split
     * (unbalanced quotes in it, which Redis refuses). Equal to {@link #arguments()} when there is no comment.
     */
    public Optional<List<String>> argumentsWithComment() {
        if (trailingComment == null) {
            return Optional.of(arguments);
        }
        return Optional.ofNullable(argumentsWithComment);
    }

    /** This directive with the comment read as arguments, as Redis reads the line; requires that it splits. */
    ConfigDirective withCommentAsArguments() {
        if (trailingComment == null) {
            return this;
        }
        if (argumentsWithComment == null) {
            throw new IllegalStateException("the comment does not split into arguments: " + lineText);
        }
        return new ConfigDirective(name, argumentsWithComment, source, lineNumber, lineText, null, null);
    }

    /**
     * Which reading of the line to use when it has a trailing comment: without the comment if {@code fits}
     * accepts those arguments, else Redis's (comment as arguments) if {@code fits} accepts that; null if
     * neither. Without a comment: this directive if {@code fits} accepts its arguments, else null.
     */
    ConfigDirective readingFor(Predicate<List<String>> fits) {
        if (fits.test(arguments)) {
            return this;
        }
        if (trailingComment != null && argumentsWithComment != null && fits.test(argumentsWithComment)) {
            return withCommentAsArguments();
        }
        return null;
    }

    /** Redis's reading of the line; a comment that does not split is Redis's quoting error. */
    ConfigDirective redisReading() throws ConfigException {
        if (trailingComment == null) {
            return this;
        }
        if (argumentsWithComment == null) {
            throw ConfigException.at(this, ConfigParser.UNBALANCED_QUOTES);
        }
        return withCommentAsArguments();
    }

    /** The name followed by the arguments, as a list. */
    public List<String> nameAndArguments() {
        List<String> all = new ArrayList<>(arguments.size() + 1);
        all.add(name);
        all.addAll(arguments);
        return List.copyOf(all);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof ConfigDirective)) {
            return false;
        }
        ConfigDirective that = (ConfigDirective) other;
        return lineNumber == that.lineNumber
                && name.equals(that.name)
                && arguments.equals(that.arguments)
                && source.equals(that.source)
                && lineText.equals(that.lineText)
                && Objects.equals(trailingComment, that.trailingComment)
                && Objects.equals(argumentsWithComment, that.argumentsWithComment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, arguments, source, lineNumber, lineText, trailingComment);
    }

    @Override
    public String toString() {
        return source + ":" + lineNumber + ": " + name + " " + arguments
                + (trailingComment == null ? "" : " " + trailingComment);
    }
}
