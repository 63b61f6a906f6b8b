package io.vigil.replication.config;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads {@code redis.conf} text and {@code redis-server} command lines the way Redis 7.0 does.
 * <p>
 * Line rules ({@code loadServerConfigFromString} in Redis's {@code config.c}): the text is split at line
 * feeds; each line is trimmed of spaces, tabs, carriage returns and line feeds; empty lines and lines whose
 * first character is {@code #} are skipped; the rest is split into arguments with {@code sdssplitargs}
 * rules (see {@link #splitArgs(String)}); the first argument, lower-cased, is the directive name.
 * {@code include <file>} reads another file in its place. One deliberate difference: an argument that
 * starts with an unquoted {@code #} ends the line as a trailing comment (see {@link ConfigDirective}).
 * <p>
 * Paths: a relative configuration or include path is opened relative to the working directory, as
 * {@code fopen} does in Redis. Redis's {@code dir} directive changes that directory ({@code chdir}) for
 * the includes that follow it; this parser tracks {@code dir} lines to resolve later includes the same way,
 * without changing the JVM's directory. An include path containing {@code *}, {@code ?} or {@code [} is a
 * wildcard pattern: the matching files are read, in name order, as one text, and no match reads nothing.
 * A directory reads as an empty file (Redis's {@code fgets} on a directory reads nothing).
 * Unlike Redis, which recurses until it crashes, an include loop is an error, and includes nest at most
 * {@value #MAX_INCLUDE_DEPTH} deep.
 * <p>
 * The static methods use the JVM's working directory and {@link System#in}; an instance made by
 * {@link #in(Path)} uses another directory and, with {@link #withStdin(Supplier)}, another input.
 */
public final class ConfigParser {

    /** Redis's reason for a line that does not split into arguments. */
    public static final String UNBALANCED_QUOTES = "Unbalanced quotes in configuration line";
    /** Redis's reason for an unknown directive, or an {@code include} without exactly one argument. */
    public static final String BAD_DIRECTIVE = "Bad directive or wrong number of arguments";
    /** Vigil's reason for an argument that is not UTF-8 text. */
    public static final String INVALID_UTF8 = "Invalid UTF-8 in configuration line";
    /** How deep includes may nest (the configuration file itself is depth 0). */
    public static final int MAX_INCLUDE_DEPTH = 32;

    private static final Pattern WILDCARD = Pattern.compile("[*?\\[]");

    private final Path workingDirectory;
    private final Supplier<InputStream> stdin;

    private ConfigParser(Path workingDirectory, Supplier<InputStream> stdin) {
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
        this.stdin = Objects.requireNonNull(stdin, "stdin");
    }

    /** A parser that resolves relative paths against the JVM's working directory and reads {@link System#in}. */
    public static ConfigParser standard() {
        return new ConfigParser(Path.of("").toAbsolutePath(), () -> System.in);
    }

    /** A parser that resolves relative paths against {@code workingDirectory} and reads {@link System#in}. */
    public static ConfigParser in(Path workingDirectory) {
        return new ConfigParser(workingDirectory, () -> System.in);
    }

    /** This parser, reading configuration text for {@code -} from {@code stdin} instead. */
    public ConfigParser withStdin(Supplier<InputStream> stdin) {
        return new ConfigParser(workingDirectory, stdin);
    }

    /** The directory relative paths are resolved against. */
    public Path workingDirectory() {
        return workingDirectory;
    }

    // ------------------------------------------------------------------ static entry points

    /**
     * Parses configuration text (includes are read relative to the JVM's working directory).
     *
     * @param text       the text, as UTF-8
     * @param sourceName the name the directives carry as {@link ConfigDirective#source()}
     */
    public static List<ConfigDirective> parse(String text, String sourceName) throws ConfigException {
        return standard().parseText(text, sourceName);
    }

    /** Parses a configuration file (a relative path is relative to the JVM's working directory). */
    public static List<ConfigDirective> parseFile(Path file) throws ConfigException {
        return standard().readFile(file);
    }

    /**
     * Reads a {@code redis-server} command line: {@code [config-file | -] [--name value ...] [-]}.
     *
     * @see #readCommandLine(String[], DirectiveListener)
     */
    public static CommandLine fromCommandLine(String[] args) throws ConfigException {
        return standard().readCommandLine(args, null);
    }

    // ------------------------------------------------------------------ instance entry points

    /** Parses configuration text given as a string (encoded as UTF-8). */
    public List<ConfigDirective> parseText(String text, String sourceName) throws ConfigException {
        return parseText(text.getBytes(StandardCharsets.UTF_8), sourceName);
    }

    /** Parses configuration text given as bytes. */
    public List<ConfigDirective> parseText(byte[] text, String sourceName) throws ConfigException {
        List<ConfigDirective> out = new ArrayList<>();
        Reader reader = new Reader((d, fromCommandLine) -> out.add(d));
        Content content = new Content();
        content.append(text, sourceName);
        reader.process(content, 0, false);
        return List.copyOf(out);
    }

    /** Reads a configuration file (a relative path is relative to {@link #workingDirectory()}). */
    public List<ConfigDirective> readFile(Path file) throws ConfigException {
        List<ConfigDirective> out = new ArrayList<>();
        Reader reader = new Reader((d, fromCommandLine) -> out.add(d));
        reader.include(file.toString(), null, 0, false);
        return List.copyOf(out);
    }

    /**
     * Reads a {@code redis-server} command line as Redis 7.0's {@code main()} does:
     * <ul>
     * <li>{@code -v}/{@code --version} or {@code -h}/{@code --help} as the first argument: nothing is read.
     * <li>A first argument that does not start with {@code -} is the configuration file.
     * <li>{@code -} as the first or the last argument reads configuration text from standard input, after
     * the file.
     * <li>The other arguments become configuration lines appended after the file and standard input: an
     * argument starting with {@code --} starts a line with its name, the following arguments are its values.
     * After a name with no value yet, an argument starting with {@code --} is a value (so
     * {@code --loglevel --x} sets {@code loglevel} to {@code --x}), except after {@code --save} (which then
     * gets the value {@code ""}) and {@code --sentinel} (which takes no value). {@code --save} as the last
     * argument also gets {@code ""}. An argument with a space, like {@code "--port 6380"}, is a whole line.
     * <li>{@code --sentinel} anywhere selects sentinel mode.
     * </ul>
     *
     * @param listener receives each directive as it is read (see {@link DirectiveListener}); may be null
     */
    public CommandLine readCommandLine(String[] args, DirectiveListener listener) throws ConfigException {
        boolean sentinel = sentinelModeRequested(args);
        if (args.length >= 1) {
            if (args[0].equals("-v") || args[0].equals("--version")) {
                return new CommandLine(Optional.empty(), false, List.of(), List.of(), sentinel, true, false,
                        workingDirectory);
            }
            if (args[0].equals("--help") || args[0].equals("-h")) {
                return new CommandLine(Optional.empty(), false, List.of(), List.of(), sentinel, false, true,
                        workingDirectory);
            }
        }
        if (args.length == 0) {
            return new CommandLine(Optional.empty(), false, List.of(), List.of(), false, false, false,
                    workingDirectory);
        }

        String configFile = null;
        int j = 0;
        if (!args[0].startsWith("-")) {
            configFile = args[0];
            j = 1;
        }
        boolean fromStdin = false;
        ByteArrayOutputStream options = new ByteArrayOutputStream();
        boolean handledLastConfigArg = true;
        int argc = args.length;
        for (; j < argc; j++) {
            String arg = args[j];
            if (arg.equals("-") && (j == 0 || j == argc - 1)) {
                fromStdin = true;
            } else if (handledLastConfigArg && arg.startsWith("--")) {
                if (options.size() > 0) {
                    options.write('\n');
                }
                options.writeBytes(arg.substring(2).getBytes(StandardCharsets.UTF_8));
                options.write(' ');
                List<byte[]> split = splitArgsBytes(utf8(arg));
                int splitCount = split == null ? 0 : split.size();
                if (splitCount == 1) {
                    // Only an option name, like "--port": its value follows.
                    handledLastConfigArg = false;
                    boolean nextIsOption = j != argc - 1 && args[j + 1].startsWith("--");
                    if (nextIsOption && equalsIgnoreCaseAscii(arg, "--save")) {
                        options.writeBytes(utf8("\"\""));
                        handledLastConfigArg = true;
                    } else if (j == argc - 1 && equalsIgnoreCaseAscii(arg, "--save")) {
                        options.writeBytes(utf8("\"\""));
                    } else if (nextIsOption && equalsIgnoreCaseAscii(arg, "--sentinel")) {
                        handledLastConfigArg = true;
                    }
                } else {
                    // Name and value in one argument, like "--port 6380".
                    handledLastConfigArg = true;
                }
            } else {
                options.writeBytes(utf8(quote(arg)));
                options.write(' ');
                handledLastConfigArg = true;
            }
        }

        List<ConfigDirective> fileDirectives = new ArrayList<>();
        List<ConfigDirective> argumentDirectives = new ArrayList<>();
        Reader reader = new Reader((d, fromCommandLine) -> {
            if (listener != null) {
                listener.directive(d, fromCommandLine);
            }
            (fromCommandLine ? argumentDirectives : fileDirectives).add(d);
        });
        Content content = new Content();
        if (configFile != null) {
            List<Path> opened = new ArrayList<>();
            reader.readInto(content, configFile, null, opened, 0);
            opened.forEach(reader.includeStack::push);
        }
        if (fromStdin) {
            content.append(readStdin(), ConfigDirective.STDIN);
        }
        content.append(new byte[] {'\n'}, ConfigDirective.COMMAND_LINE);
        content.commandLineStart = content.length();
        content.append(options.toByteArray(), ConfigDirective.COMMAND_LINE);
        reader.process(content, 0, false);
        return new CommandLine(Optional.ofNullable(configFile), fromStdin, fileDirectives, argumentDirectives,
                sentinel, false, false, workingDirectory);
    }

    /**
     * Whether Redis would run as Sentinel: some argument is exactly {@code --sentinel} (Redis's
     * {@code checkForSentinelMode}; Vigil has no {@code redis-sentinel} executable name to look at).
     */
    public static boolean sentinelModeRequested(String[] args) {
        for (String arg : args) {
            if (arg.equals("--sentinel")) {
                return true;
            }
        }
        return false;
    }

    private byte[] readStdin() throws ConfigException {
        try {
            return stdin.get().readAllBytes();
        } catch (IOException e) {
            throw ConfigException.cannotOpen("-", systemError(e));
        }
    }

    // ------------------------------------------------------------------ splitting and quoting

    /**
     * Splits one line into arguments with Redis's {@code sdssplitargs} rules, or returns empty when the
     * quotes do not balance:
     * <ul>
     * <li>arguments are separated by spaces, tabs, carriage returns and line feeds (leading vertical tabs and
     * form feeds are skipped too);
     * <li>{@code "..."} may contain {@code \n \r \t \b \a}, {@code \xHH} (two hex digits, a byte) and
     * {@code \} before any other character for that character;
     * <li>{@code '...'} is literal except {@code \'} for a single quote;
     * <li>a closing quote must be followed by a space or the end of the line;
     * <li>quotes may start inside an argument: {@code a"b c"} is the one argument {@code ab c}.
     * </ul>
     * The line is encoded as UTF-8 and each argument decoded back.
     *
     * @throws IllegalArgumentException if an argument's bytes ({@code \xHH} escapes) are not UTF-8
     */
    public static Optional<List<String>> splitArgs(String line) {
        List<byte[]> tokens = splitArgsBytes(utf8(line));
        if (tokens == null) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>(tokens.size());
        for (byte[] token : tokens) {
            String decoded = decodeStrict(token);
            if (decoded == null) {
                throw new IllegalArgumentException(INVALID_UTF8 + ": " + line);
            }
            out.add(decoded);
        }
        return Optional.of(List.copyOf(out));
    }

    /**
     * Quotes a value the way Redis's {@code sdscatrepr} does when it turns command-line values into
     * configuration lines: in double quotes, with {@code \\ \" \n \r \t \a \b} escaped and every other byte
     * outside printable ASCII written as {@code \xhh} (the value is encoded as UTF-8 first).
     */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2);
        out.append('"');
        for (byte b : utf8(value)) {
            int c = b & 0xff;
            switch (c) {
                case '\\', '"' -> out.append('\\').append((char) c);
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 7 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                default -> {
                    if (c >= 0x20 && c <= 0x7e) {
                        out.append((char) c);
                    } else {
                        out.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** sdssplitargs on a whole line; null when unbalanced. */
    static List<byte[]> splitArgsBytes(byte[] line) {
        Tokenizer tokenizer = new Tokenizer(line, 0, line.length);
        List<byte[]> out = new ArrayList<>();
        while (true) {
            int status = tokenizer.next();
            if (status == Tokenizer.END) {
                return out;
            }
            if (status == Tokenizer.UNBALANCED) {
                return null;
            }
            out.add(tokenizer.token());
        }
    }

    /** One sdssplitargs pass over bytes [from, to); a NUL byte ends the line as it does in C. */
    private static final class Tokenizer {
        static final int TOKEN = 0;
        static final int END = 1;
        static final int UNBALANCED = 2;

        private final byte[] bytes;
        private final int end;
        private int p;
        private int tokenStart;
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();

        Tokenizer(byte[] bytes, int from, int to) {
            this.bytes = bytes;
            this.p = from;
            this.end = to;
        }

        private int at(int i) {
            return i < end ? bytes[i] & 0xff : 0;
        }

        /** Skips blanks; returns the position of the next token's first byte, or -1 at the end of the line. */
        int peek() {
            while (at(p) != 0 && isSpace(at(p))) {
                p++;
            }
            return at(p) == 0 ? -1 : p;
        }

        int position() {
            return p;
        }

        int tokenStart() {
            return tokenStart;
        }

        byte[] token() {
            return current.toByteArray();
        }

        int next() {
            if (peek() < 0) {
                return END;
            }
            tokenStart = p;
            current.reset();
            boolean inq = false;
            boolean insq = false;
            boolean done = false;
            while (!done) {
                int c = at(p);
                if (inq) {
                    if (c == '\\' && at(p + 1) == 'x' && isHex(at(p + 2)) && isHex(at(p + 3))) {
                        current.write(hexValue(at(p + 2)) * 16 + hexValue(at(p + 3)));
                        p += 3;
                    } else if (c == '\\' && at(p + 1) != 0) {
                        p++;
                        int e = at(p);
                        switch (e) {
                            case 'n' -> current.write('\n');
                            case 'r' -> current.write('\r');
                            case 't' -> current.write('\t');
                            case 'b' -> current.write('\b');
                            case 'a' -> current.write(7);
                            default -> current.write(e);
                        }
                    } else if (c == '"') {
                        if (at(p + 1) != 0 && !isSpace(at(p + 1))) {
                            return UNBALANCED;
                        }
                        done = true;
                    } else if (c == 0) {
                        return UNBALANCED;
                    } else {
                        current.write(c);
                    }
                } else if (insq) {
                    if (c == '\\' && at(p + 1) == '\'') {
                        p++;
                        current.write('\'');
                    } else if (c == '\'') {
                        if (at(p + 1) != 0 && !isSpace(at(p + 1))) {
                            return UNBALANCED;
                        }
                        done = true;
                    } else if (c == 0) {
                        return UNBALANCED;
                    } else {
                        current.write(c);
                    }
                } else {
                    switch (c) {
                        case ' ', '\n', '\r', '\t', 0 -> done = true;
                        case '"' -> inq = true;
                        case '\'' -> insq = true;
                        default -> current.write(c);
                    }
                }
                if (at(p) != 0) {
                    p++;
                }
            }
            return TOKEN;
        }
    }

    /** C's isspace in the C locale. */
    private static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == 0x0c || c == '\r';
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int hexValue(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c - 'A' + 10;
    }

    // ------------------------------------------------------------------ text helpers

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes UTF-8 strictly; null when malformed. */
    static String decodeStrict(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** ASCII lower case, as C's tolower in the C locale. */
    static String toLowerAscii(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (out == null) {
                    out = new StringBuilder(s);
                }
                out.setCharAt(i, (char) (c + ('a' - 'A')));
            }
        }
        return out == null ? s : out.toString();
    }

    /** C's {@code strcasecmp(a, b) == 0} in the C locale: only ASCII letters fold. */
    static boolean equalsIgnoreCaseAscii(String a, String b) {
        return a.length() == b.length() && toLowerAscii(a).equals(toLowerAscii(b));
    }

    /** The strerror text for an I/O failure, as far as Java tells. */
    static String systemError(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof FileSystemException) {
            String reason = ((FileSystemException) e).getReason();
            if (reason != null) {
                return reason;
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    // ------------------------------------------------------------------ the reader

    /** Bytes to split into lines, with the source of every byte range. */
    private static final class Content {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final List<int[]> segmentStarts = new ArrayList<>();
        private final List<String> segmentSources = new ArrayList<>();
        private int commandLineStart = Integer.MAX_VALUE;

        void append(byte[] data, String source) {
            segmentStarts.add(new int[] {bytes.size()});
            segmentSources.add(source);
            bytes.writeBytes(data);
        }

        int length() {
            return bytes.size();
        }

        String sourceAt(int offset) {
            String source = segmentSources.isEmpty() ? "" : segmentSources.get(0);
            for (int i = 0; i < segmentStarts.size(); i++) {
                if (segmentStarts.get(i)[0] <= offset) {
                    source = segmentSources.get(i);
                } else {
                    break;
                }
            }
            return source;
        }
    }

    /** One reading: the include stack and the directory {@code dir} lines move to. */
    private final class Reader {
        private final DirectiveListener sink;
        private final Deque<Path> includeStack = new ArrayDeque<>();
        private Path currentDirectory = workingDirectory;

        Reader(DirectiveListener sink) {
            this.sink = sink;
        }

        /** Reads {@code name} (a file or a wildcard pattern) into {@code content}, refusing include loops. */
        void readInto(Content content, String name, ConfigDirective includeLine, List<Path> opened, int depth)
                throws ConfigException {
            List<String> files;
            if (WILDCARD.matcher(name).find()) {
                files = Glob.expand(name, currentDirectory);
            } else {
                files = List.of(name);
            }
            for (String file : files) {
                Path path;
                try {
                    path = file.isEmpty() ? null : currentDirectory.resolve(file);
                } catch (InvalidPathException e) {
                    path = null;
                }
                if (path == null) {
                    throw ConfigException.cannotOpen(file, "No such file or directory");
                }
                if (includeLine != null) {
                    checkLoop(path, includeLine, depth);
                }
                byte[] data;
                try {
                    data = Files.isDirectory(path) ? new byte[0] : Files.readAllBytes(path);
                } catch (IOException e) {
                    throw ConfigException.cannotOpen(file, systemError(e));
                }
                if (opened != null) {
                    opened.add(realPath(path));
                }
                content.append(data, file);
            }
        }

        private void checkLoop(Path path, ConfigDirective includeLine, int depth) throws ConfigException {
            Path real = realPath(path);
            if (includeStack.contains(real)) {
                StringBuilder chain = new StringBuilder();
                for (Iterator<Path> it = includeStack.descendingIterator(); it.hasNext(); ) {
                    chain.append(it.next()).append(" -> ");
                }
                chain.append(real);
                throw ConfigException.at(includeLine, "Include loop: " + chain);
            }
            if (depth > MAX_INCLUDE_DEPTH) {
                throw ConfigException.at(includeLine,
                        "Too many nested includes (more than " + MAX_INCLUDE_DEPTH + " levels)");
            }
        }

        /** Reads and processes a file at include depth {@code depth}. */
        void include(String name, ConfigDirective includeLine, int depth, boolean fromCommandLine)
                throws ConfigException {
            Content content = new Content();
            List<Path> opened = new ArrayList<>();
            readInto(content, name, includeLine, opened, depth);
            // A wildcard include reads its files as one text; the loop check covers each of them.
            for (Path p : opened) {
                includeStack.push(p);
            }
            try {
                process(content, depth, fromCommandLine);
            } finally {
                for (int i = 0; i < opened.size(); i++) {
                    includeStack.pop();
                }
            }
        }

        void process(Content content, int depth, boolean fromCommandLine) throws ConfigException {
            byte[] text = content.bytes.toByteArray();
            int lineNumber = 0;
            int start = 0;
            while (start <= text.length) {
                int newline = indexOf(text, (byte) '\n', start);
                int lineEnd = newline < 0 ? text.length : newline;
                lineNumber++;
                boolean lineFromCommandLine = fromCommandLine || start >= content.commandLineStart;
                processLine(text, start, lineEnd, lineNumber, content.sourceAt(start), depth, lineFromCommandLine);
                if (newline < 0) {
                    break;
                }
                start = newline + 1;
            }
        }

        private void processLine(byte[] text, int from, int to, int lineNumber, String source, int depth,
                                 boolean fromCommandLine) throws ConfigException {
            while (from < to && isTrim(text[from])) {
                from++;
            }
            while (to > from && isTrim(text[to - 1])) {
                to--;
            }
            if (from == to || text[from] == '#') {
                return;
            }
            String lineText = new String(text, from, to - from, StandardCharsets.UTF_8);

            Tokenizer tokenizer = new Tokenizer(text, from, to);
            List<byte[]> tokens = new ArrayList<>();
            String comment = null;
            List<byte[]> withComment = null;
            while (true) {
                int next = tokenizer.peek();
                if (next < 0) {
                    break;
                }
                if (!tokens.isEmpty() && text[next] == '#') {
                    comment = new String(text, next, to - next, StandardCharsets.UTF_8);
                    withComment = new ArrayList<>(tokens);
                    List<byte[]> rest = splitArgsBytes(Arrays.copyOfRange(text, next, to));
                    if (rest == null) {
                        withComment = null;
                    } else {
                        withComment.addAll(rest);
                    }
                    break;
                }
                int status = tokenizer.next();
                if (status == Tokenizer.UNBALANCED) {
                    throw ConfigException.atLine(UNBALANCED_QUOTES, source, lineNumber, lineText);
                }
                if (status == Tokenizer.END) {
                    break;
                }
                tokens.add(tokenizer.token());
            }
            if (tokens.isEmpty()) {
                return;
            }
            String rawName = decodeStrict(tokens.get(0));
            List<String> arguments = decodeAll(tokens.subList(1, tokens.size()));
            List<String> argumentsWithComment = null;
            if (withComment != null) {
                argumentsWithComment = decodeAll(withComment.subList(1, withComment.size()));
                // Comment text that is not UTF-8 only rules out Redis's reading of the line.
            }
            if (rawName == null || arguments == null) {
                throw ConfigException.atLine(INVALID_UTF8, source, lineNumber, lineText);
            }
            ConfigDirective directive = new ConfigDirective(toLowerAscii(rawName), arguments, source, lineNumber,
                    lineText, comment, argumentsWithComment);
            handle(directive, depth, fromCommandLine);
        }

        private void handle(ConfigDirective directive, int depth, boolean fromCommandLine) throws ConfigException {
            switch (directive.name()) {
                case "include" -> {
                    ConfigDirective read = directive.readingFor(args -> args.size() == 1);
                    if (read == null) {
                        directive.redisReading();
                        throw ConfigException.at(directive, BAD_DIRECTIVE);
                    }
                    sink.directive(directive, fromCommandLine);
                    include(read.argument(0), directive, depth + 1, fromCommandLine);
                }
                case "dir" -> {
                    sink.directive(directive, fromCommandLine);
                    ConfigDirective read = directive.readingFor(args -> args.size() == 1);
                    if (read != null) {
                        try {
                            currentDirectory = currentDirectory.resolve(read.argument(0)).normalize();
                        } catch (InvalidPathException e) {
                            // The schema reports the value; includes keep the previous directory.
                        }
                    }
                }
                default -> sink.directive(directive, fromCommandLine);
            }
        }
    }

    private static List<String> decodeAll(List<byte[]> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (byte[] token : tokens) {
            String decoded = decodeStrict(token);
            if (decoded == null) {
                return null;
            }
            out.add(decoded);
        }
        return out;
    }

    private static boolean isTrim(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    // ------------------------------------------------------------------ wildcard includes

    /** POSIX {@code glob(3)} with no flags, as Redis calls it for include patterns. */
    static final class Glob {
        private Glob() {
        }

        /**
         * The paths matching {@code pattern}, spelled as the pattern spells them (relative stays relative),
         * sorted by name at each level; empty when nothing matches.
         */
        static List<String> expand(String pattern, Path directory) {
            boolean absolute = pattern.startsWith("/");
            String[] parts = pattern.split("/+", -1);
            List<String> prefixes = new ArrayList<>();
            prefixes.add(absolute ? "/" : "");
            int first = absolute ? 1 : 0;
            for (int i = first; i < parts.length; i++) {
                String part = parts[i];
                boolean last = i == parts.length - 1;
                if (part.isEmpty()) {
                    // A trailing slash: only directories match.
                    List<String> dirs = new ArrayList<>();
                    for (String prefix : prefixes) {
                        if (Files.isDirectory(directory.resolve(prefix))) {
                            dirs.add(prefix);
                        }
                    }
                    prefixes = dirs;
                    continue;
                }
                List<String> next = new ArrayList<>();
                if (!hasMagic(part)) {
                    String literal = unescape(part);
                    for (String prefix : prefixes) {
                        next.add(join(prefix, literal));
                    }
                } else {
                    Pattern matcher = Pattern.compile(toRegex(part), Pattern.DOTALL);
                    for (String prefix : prefixes) {
                        Path dir = directory.resolve(prefix.isEmpty() ? "." : prefix);
                        List<String> names = new ArrayList<>();
                        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                            for (Path entry : entries) {
                                String name = entry.getFileName().toString();
                                if (name.startsWith(".") && !part.startsWith(".")) {
                                    continue;
                                }
                                if (matcher.matcher(name).matches()) {
                                    names.add(name);
                                }
                            }
                        } catch (IOException | SecurityException e) {
                            continue;
                        }
                        names.sort(null);
                        for (String name : names) {
                            next.add(join(prefix, name));
                        }
                    }
                }
                if (!last) {
                    next.removeIf(p -> !Files.isDirectory(directory.resolve(p)));
                }
                prefixes = next;
            }
            prefixes.removeIf(p -> !Files.exists(directory.resolve(p)));
            return prefixes;
        }

        private static String join(String prefix, String name) {
            if (prefix.isEmpty()) {
                return name;
            }
            return prefix.endsWith("/") ? prefix + name : prefix + "/" + name;
        }

        static boolean hasMagic(String part) {
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '*' || c == '?' || c == '[') {
                    return true;
                }
            }
            return false;
        }

        private static String unescape(String part) {
            StringBuilder out = new StringBuilder(part.length());
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (c == '\\' && i + 1 < part.length()) {
                    i++;
                    c = part.charAt(i);
                }
                out.append(c);
            }
            return out.toString();
        }

        /** fnmatch(3) without flags, for one path component. */
        static String toRegex(String part) {
            StringBuilder re = new StringBuilder();
            int i = 0;
            while (i < part.length()) {
                char c = part.charAt(i);
                if (c == '*') {
                    re.append(".*");
                } else if (c == '?') {
                    re.append('.');
                } else if (c == '\\' && i + 1 < part.length()) {
                    i++;
                    re.append(Pattern.quote(String.valueOf(part.charAt(i))));
                } else if (c == '[') {
                    int close = bracketEnd(part, i);
                    if (close < 0) {
                        re.append(Pattern.quote("["));
                    } else {
                        re.append(bracket(part.substring(i + 1, close)));
                        i = close;
                    }
                } else {
                    re.append(Pattern.quote(String.valueOf(c)));
                }
                i++;
            }
            return re.toString();
        }

        /** The index of the ']' closing the bracket expression opened at {@code open}, or -1. */
        private static int bracketEnd(String part, int open) {
            int i = open + 1;
            if (i < part.length() && (part.charAt(i) == '!' || part.charAt(i) == '^')) {
                i++;
            }
            if (i < part.length() && part.charAt(i) == ']') {
                i++;
            }
            while (i < part.length() && part.charAt(i) != ']') {
                i++;
            }
            return i < part.length() ? i : -1;
        }

        /** A bracket expression's body ({@code !} or {@code ^} negates, {@code a-z} is a range) as a regex class. */
        private static String bracket(String body) {
            StringBuilder re = new StringBuilder("[");
            int i = 0;
            if (!body.isEmpty() && (body.charAt(0) == '!' || body.charAt(0) == '^')) {
                re.append('^');
                i = 1;
            }
            int first = i;
            for (; i < body.length(); i++) {
                char c = body.charAt(i);
                boolean range = c == '-' && i > first && i < body.length() - 1;
                if (range) {
                    re.append('-');
                } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                    re.append(c);
                } else if (c < 0x80) {
                    re.append('\\').append(c);
                } else {
                    re.append(c);
                }
            }
            return re.append(']').toString();
        }
    }
}
