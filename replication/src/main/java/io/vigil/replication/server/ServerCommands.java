package io.vigil.replication.server;

import io.vigil.core.CommandSpec;
import io.vigil.core.CommandTable;
import io.vigil.core.ErrorReply;
import io.vigil.core.Glob;
import io.vigil.core.StatusReply;
import io.vigil.core.Transaction;
import io.vigil.core.VigilStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The commands a node serves itself rather than through the store's command table: connection, server,
 * transaction and pub/sub commands, with Redis 7.0's replies and error texts. I/O thread only.
 */
final class ServerCommands
{
    static final ErrorReply READONLY = CommandTable.READONLY;
    private static final ErrorReply NOAUTH = new ErrorReply("NOAUTH Authentication required.");
    private static final ErrorReply WRONGPASS =
        new ErrorReply("WRONGPASS invalid username-password pair or user is disabled.");
    private static final ErrorReply NOT_INTEGER = new ErrorReply("ERR value is not an integer or out of range");
    private static final ErrorReply SYNTAX = new ErrorReply("ERR syntax error");
    private static final StatusReply QUEUED = new StatusReply("QUEUED");
    // networking.c helloCommand
    private static final ErrorReply HELLO_NOAUTH = new ErrorReply("NOAUTH HELLO must be called with the client " +
        "already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the " +
        "client and select the RESP protocol version at the same time");
    private static final ErrorReply NOPROTO = new ErrorReply("NOPROTO unsupported protocol version");
    private static final byte[] EMPTY = new byte[0];

    /** Server-side commands: name, arity, flags as COMMAND INFO reports them. */
    static final Map<String, ServerCommand> TABLE = new LinkedHashMap<>();
    /** Subcommands of the container commands, by container then subcommand; their names are full names. */
    static final Map<String, Map<String, ServerCommand>> SUBCOMMANDS = new LinkedHashMap<>();

    static
    {
        add("ping", -1, "fast", "connection", "Ping the server");
        add("echo", 2, "fast", "connection", "Echo the given string");
        add("quit", -1, "noscript loading stale fast no_auth allow_busy", "connection", "Close the connection");
        add("auth", -2, "noscript loading stale fast no_auth allow_busy", "connection", "Authenticate to the server");
        add("hello", -1, "noscript loading stale fast no_auth allow_busy", "connection", "Handshake with Redis");
        add("select", 2, "loading stale fast", "connection", "Change the selected database");
        add("reset", 1, "noscript loading stale fast no_auth allow_busy", "connection", "Reset the connection");
        add("client", -2, "", "connection", "A container for client connection commands");
        add("info", -1, "loading stale", "server", "Get information and statistics about the server");
        add("role", 1, "noscript loading stale fast", "server", "Return the role of the instance");
        add("time", 1, "loading stale fast", "server", "Return the current server time");
        add("command", -1, "loading stale", "server", "Get array of Redis command details");
        add("config", -2, "", "server", "A container for server configuration commands");
        add("shutdown", -1, "admin noscript loading stale no_multi", "server", "Synchronously save and shut down");
        add("multi", 1, "noscript loading stale fast no_multi allow_busy", "transactions", "Start a transaction");
        add("exec", 1, "noscript loading stale skip_slowlog", "transactions", "Execute all queued commands");
        add("discard", 1, "noscript loading stale fast allow_busy", "transactions", "Discard queued commands");
        add("watch", -2, "noscript loading stale fast allow_busy", "transactions", "Watch keys for MULTI/EXEC");
        add("unwatch", 1, "noscript loading stale fast allow_busy", "transactions", "Forget all watched keys");
        add("publish", 3, "pubsub loading stale fast", "pubsub", "Post a message to a channel");
        add("subscribe", -2, "pubsub noscript loading stale", "pubsub", "Listen for messages on channels");
        add("psubscribe", -2, "pubsub noscript loading stale", "pubsub", "Listen for messages on patterns");
        add("unsubscribe", -1, "pubsub noscript loading stale", "pubsub", "Stop listening on channels");
        add("punsubscribe", -1, "pubsub noscript loading stale", "pubsub", "Stop listening on patterns");
        add("pubsub", -2, "", "pubsub", "A container for Pub/Sub commands");
        add("lastsave", 1, "loading stale fast", "server", "Get the time of the last successful save");

        sub("client", "id", 2, "noscript loading stale", "Returns the client ID for the current connection");
        sub("client", "getname", 2, "noscript loading stale", "Get the current connection name");
        sub("client", "setname", 3, "noscript loading stale", "Set the current connection name");
        sub("client", "setinfo", 4, "noscript loading stale", "Set client or connection specific info");
        sub("client", "info", 2, "noscript loading stale", "Returns information about the current client");
        sub("client", "list", -2, "admin noscript loading stale", "Get the list of client connections");
        sub("client", "kill", -3, "admin noscript loading stale", "Kill the connection of a client");
        sub("client", "pause", -3, "admin noscript loading stale", "Stop processing commands from clients");
        sub("client", "unpause", 2, "admin noscript loading stale", "Resume processing of clients");
        sub("client", "no-evict", 3, "admin noscript loading stale", "Set client eviction mode");
        sub("client", "no-touch", 3, "noscript loading stale", "Controls whether commands alter LRU/LFU of keys");
        sub("client", "help", 2, "loading stale", "Show helpful text about the different subcommands");
        sub("config", "get", -3, "admin noscript loading stale", "Get the values of configuration parameters");
        sub("config", "set", -4, "admin noscript loading stale", "Set configuration parameters to the given values");
        sub("config", "resetstat", 2, "admin noscript loading stale", "Reset the stats returned by INFO");
        sub("config", "rewrite", 2, "admin noscript loading stale", "Rewrite the configuration file");
        sub("config", "help", 2, "loading stale", "Show helpful text about the different subcommands");
        sub("command", "count", 2, "loading stale", "Get total number of Redis commands");
        sub("command", "list", -2, "loading stale", "Get an array of Redis command names");
        sub("command", "info", -2, "loading stale", "Get array of specific Redis command details");
        sub("command", "docs", -2, "loading stale", "Get array of specific Redis command documentation");
        sub("command", "help", 2, "loading stale", "Show helpful text about the different subcommands");
        sub("pubsub", "channels", -2, "pubsub loading stale", "List active channels");
        sub("pubsub", "numsub", -2, "pubsub loading stale", "Get the count of subscribers for channels");
        sub("pubsub", "numpat", 2, "pubsub loading stale", "Get the count of unique patterns pattern subscriptions");
        sub("pubsub", "help", 2, "loading stale", "Show helpful text about the different subcommands");
    }

    private final RespServer server;
    private final VigilStore store;
    private final ServerContext context;

    ServerCommands(final RespServer server, final VigilStore store, final ServerContext context)
    {
        this.server = server;
        this.store = store;
        this.context = context;
    }

    record ServerCommand(String name, int arity, String flags, String group, String summary)
    {
        boolean arityMatches(final int argc)
        {
            return arity > 0 ? argc == arity : argc >= -arity;
        }

        boolean has(final String flag)
        {
            return (" " + flags + " ").contains(" " + flag + " ");
        }
    }

    private static void add(
        final String name, final int arity, final String flags, final String group, final String summary)
    {
        TABLE.put(name, new ServerCommand(name, arity, flags, group, summary));
    }

    private static void sub(
        final String container, final String name, final int arity, final String flags, final String summary)
    {
        SUBCOMMANDS.computeIfAbsent(container, k -> new LinkedHashMap<>()).put(
            name, new ServerCommand(container + "|" + name, arity, flags, TABLE.get(container).group(), summary));
    }

    static ErrorReply unknownCommand(final byte[][] argv)
    {
        // One char per byte: the RESP encoder writes them back as the very bytes the client sent.
        return new ErrorReply(new String(CommandTable.unknownCommandMessage(argv), StandardCharsets.ISO_8859_1));
    }

    static ErrorReply wrongArity(final String fullName)
    {
        return CommandTable.wrongArity(fullName);
    }

    /**
     * networking.c addReplySubcommandSyntaxError.
     */
    static ErrorReply subcommandSyntaxError(final byte[][] argv)
    {
        return error("ERR unknown subcommand or wrong number of arguments for '" + truncate(latin1(argv[1]), 128) +
            "'. Try " + latin1(argv[0]).toUpperCase(Locale.ROOT) + " HELP.");
    }

    private static ErrorReply error(final String message)
    {
        return new ErrorReply(message.replace('\r', ' ').replace('\n', ' '));
    }

    private static String str(final byte[] bytes)
    {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Arguments quoted in replies keep their bytes: replies are written one byte per char.
     */
    static String latin1(final byte[] bytes)
    {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String truncate(final String s, final int max)
    {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static byte[] bulk(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean is(final byte[] arg, final String lower)
    {
        return str(arg).equalsIgnoreCase(lower);
    }

    /**
     * Parse an integer as util.c string2ll: optional '-', no '+', no spaces, no leading zeros, no overflow.
     *
     * @return the value, or null if the bytes are not such an integer.
     */
    static Long parseLong(final byte[] s)
    {
        final int length = s.length;
        if (length == 0 || length > 20)
        {
            return null;
        }
        if (length == 1 && s[0] == '0')
        {
            return 0L;
        }
        final boolean negative = s[0] == '-';
        int i = negative ? 1 : 0;
        if (i == length || s[i] < '1' || s[i] > '9')
        {
            return null;
        }
        long v = 0;
        for (; i < length; i++)
        {
            final int d = s[i] - '0';
            if (d < 0 || d > 9 || v < (Long.MIN_VALUE + d) / 10)
            {
                return null;
            }
            // Accumulate negatively so that Long.MIN_VALUE is reachable.
            v = v * 10 - d;
        }
        if (!negative)
        {
            if (v == Long.MIN_VALUE)
            {
                return null;
            }
            v = -v;
        }
        return v;
    }

    /**
     * The checks Redis applies to every command after arity: authentication, the pub/sub context.
     *
     * @param name the command's full name.
     * @return the error to reply, or null to go on.
     */
    ErrorReply checkAccess(final ClientSession session, final String name, final byte[][] argv)
    {
        return accessError(session, TABLE.get(name), name);
    }

    /**
     * server.c authRequired: a client must authenticate while the default user has a password and it has not.
     */
    private boolean authRequired(final ClientSession session)
    {
        return context.requirepass() != null && !session.authenticated;
    }

    private ErrorReply accessError(final ClientSession session, final ServerCommand own, final String fullName)
    {
        if (authRequired(session) && (own == null || !own.has("no_auth")))
        {
            return NOAUTH;
        }
        final String name = own == null ? fullName : own.name();
        if (session.isSubscribed() && !name.equals("ping") && !name.equals("subscribe") &&
            !name.equals("psubscribe") && !name.equals("unsubscribe") && !name.equals("punsubscribe") &&
            !name.equals("quit") && !name.equals("reset"))
        {
            // server.c processCommand, RESP2 subscribed context
            return error("ERR Can't execute '" + fullName + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / " +
                "QUIT / RESET are allowed in this context");
        }
        return null;
    }

    /**
     * Queue a store command inside MULTI (multi.c queueMultiCommand).
     */
    void queueInMulti(final ClientSession session, final CommandSpec spec, final byte[][] argv)
    {
        if (spec.isWrite() && context.isReplica())
        {
            session.multiFailed = true;
            server.reply(session, READONLY);
            return;
        }
        session.multi.queue(spec, argv);
        server.reply(session, QUEUED);
    }

    /**
     * Refuse a command as server.c rejectCommand does: an error inside MULTI makes EXEC fail, and a refused EXEC
     * discards the transaction and says why (multi.c execCommandAbort).
     */
    void reject(final ClientSession session, final String name, final ErrorReply error)
    {
        if ("exec".equals(name))
        {
            session.multi = null;
            session.multiFailed = false;
            session.watch = null;
            final String message = error.message();
            server.reply(session, new ErrorReply("EXECABORT Transaction discarded because of: " +
                (message.startsWith("ERR ") ? message.substring(4) : message)));
            return;
        }
        if (session.multi != null)
        {
            session.multiFailed = true;
        }
        server.reply(session, error);
    }

    /**
     * Run the checks of server.c processCommand, in its order, for every command: unknown command or subcommand,
     * arity, authentication, the pub/sub context. A refused command is answered here. The node's own commands are
     * then executed (or deferred behind the session's writes in flight); keyspace commands that pass are left to
     * the caller.
     *
     * @return true if the command was answered or deferred here, false for a keyspace command to execute.
     */
    boolean handle(final ClientSession session, final byte[][] argv)
    {
        final String name = str(argv[0]).toLowerCase(Locale.ROOT);
        ServerCommand command = TABLE.get(name);
        final CommandSpec spec = command == null ? store.commandTable().lookup(argv[0]) : null;
        if (command == null && spec == null)
        {
            reject(session, null, unknownCommand(argv));
            return true;
        }
        final Map<String, ServerCommand> subcommands = command == null ? null : SUBCOMMANDS.get(name);
        if (subcommands != null && argv.length >= 2)
        {
            final ServerCommand subcommand = subcommands.get(str(argv[1]).toLowerCase(Locale.ROOT));
            if (subcommand == null)
            {
                reject(session, name, error("ERR unknown subcommand '" + truncate(latin1(argv[1]), 128) +
                    "'. Try " + latin1(argv[0]).toUpperCase(Locale.ROOT) + " HELP."));
                return true;
            }
            command = subcommand;
        }
        final String fullName = command != null ? command.name() : spec.name();
        session.lastCommand = fullName;
        if (command != null ? !command.arityMatches(argv.length) : !spec.arityMatches(argv.length))
        {
            reject(session, name, wrongArity(fullName));
            return true;
        }
        final ErrorReply refused = accessError(session, command == null ? null : TABLE.get(name), fullName);
        if (refused != null)
        {
            reject(session, name, refused);
            return true;
        }
        if (command == null)
        {
            return false;
        }
        if (session.multi != null && !name.equals("exec") && !name.equals("discard") && !name.equals("multi") &&
            !name.equals("watch") && !name.equals("quit") && !name.equals("reset"))
        {
            // Vigil runs a transaction on the writer, which executes only keyspace commands.
            session.multiFailed = true;
            server.reply(session, error("ERR Command not allowed inside a transaction"));
            return true;
        }
        final long now = server.nowMs();
        if (context.allPaused(now) ||
            (context.writesPaused(now) && (name.equals("publish") || (name.equals("exec") && session.multi != null))))
        {
            // server.c processCommand: CLIENT PAUSE ALL postpones every command, CLIENT UNPAUSE included; PAUSE
            // WRITE postpones those that may replicate: PUBLISH, and EXEC (of any transaction, to be safe).
            session.defer(argv);
            return true;
        }
        if (session.hasPendingWrites())
        {
            // Keep replies in order and let the command see this client's earlier writes; QUIT too, so that the
            // replies before it are written before the connection closes.
            session.defer(argv);
            return true;
        }
        final Object reply = execute(session, name, argv);
        if (reply != NO_REPLY)
        {
            server.reply(session, reply);
        }
        return true;
    }

    private Object execute(final ClientSession session, final String name, final byte[][] argv)
    {
        switch (name)
        {
            case "ping":
                if (argv.length > 2)
                {
                    // server.c pingCommand checks its arity itself.
                    return wrongArity("ping");
                }
                if (session.isSubscribed())
                {
                    return new Object[]{ bulk("pong"), argv.length == 2 ? argv[1] : EMPTY };
                }
                return argv.length == 2 ? argv[1] : StatusReply.PONG;
            case "echo":
                return argv[1];
            case "quit":
                session.reply(StatusReply.OK);
                session.closeAfterReplies();
                return NO_REPLY;
            case "auth":
                return auth(session, argv);
            case "hello":
                return hello(session, argv);
            case "select":
                return select(argv);
            case "reset":
                return reset(session);
            case "client":
                return ClientCommand.execute(server, context, session, argv);
            case "info":
                return InfoCommand.info(server, store, context, argv);
            case "role":
                return context.role();
            case "time":
                return time();
            case "command":
                return CommandCommand.execute(store, argv);
            case "config":
                return ConfigCommand.execute(server, store, context, argv);
            case "shutdown":
                return shutdown(session, argv);
            case "multi":
                return multi(session);
            case "exec":
                return exec(session);
            case "discard":
                if (session.multi == null)
                {
                    return error("ERR DISCARD without MULTI");
                }
                session.multi = null;
                session.multiFailed = false;
                return StatusReply.OK;
            case "watch":
                if (session.multi != null)
                {
                    return error("ERR WATCH inside MULTI is not allowed");
                }
                if (session.watch == null)
                {
                    session.watch = new Transaction();
                }
                for (int i = 1; i < argv.length; i++)
                {
                    session.watch.watch(store, argv[i]);
                }
                return StatusReply.OK;
            case "unwatch":
                if (session.watch != null)
                {
                    session.watch.unwatch();
                }
                return StatusReply.OK;
            case "publish":
                return server.pubSub().publish(argv[1], argv[2]);
            case "subscribe":
            case "psubscribe":
            case "unsubscribe":
            case "punsubscribe":
                subscription(session, name, argv);
                return NO_REPLY;
            case "pubsub":
                return pubsub(argv);
            case "lastsave":
                return context.startMs() / 1000;
            default:
                return unknownCommand(argv);
        }
    }

    /** Marks a command that has already queued its own replies. */
    static final Object NO_REPLY = new Object();

    private Object auth(final ClientSession session, final byte[][] argv)
    {
        if (argv.length > 3)
        {
            return SYNTAX;
        }
        final String requirepass = context.requirepass();
        if (argv.length == 2 && requirepass == null)
        {
            // acl.c authCommand
            return error("ERR AUTH <password> called without any password configured for the default user. " +
                "Are you sure your configuration is correct?");
        }
        final byte[] user = argv.length == 3 ? argv[1] : bulk("default");
        final byte[] password = argv.length == 3 ? argv[2] : argv[1];
        if (!is(user, "default") || !passwordMatches(password, requirepass))
        {
            return WRONGPASS;
        }
        session.setAuthenticated(true);
        return StatusReply.OK;
    }

    /**
     * Constant-time comparison, so the time a wrong password takes says nothing about the right one.
     */
    private static boolean passwordMatches(final byte[] given, final String requirepass)
    {
        if (requirepass == null)
        {
            return true;
        }
        return MessageDigest.isEqual(given, requirepass.getBytes(StandardCharsets.UTF_8));
    }

    private Object hello(final ClientSession session, final byte[][] argv)
    {
        // networking.c helloCommand: the version, then every option's syntax, then AUTH, then SETNAME.
        int next = 1;
        if (argv.length > 1)
        {
            final Long version = parseLong(argv[1]);
            if (version == null)
            {
                return error("ERR Protocol version is not an integer or out of range");
            }
            if (version < 2 || version > 3)
            {
                return NOPROTO;
            }
            if (version == 3)
            {
                // RESP3 is not implemented; clients fall back to RESP2 on this error, as with Redis 5.
                return NOPROTO;
            }
            next = 2;
        }
        byte[] user = null;
        byte[] password = null;
        byte[] clientName = null;
        for (int j = next; j < argv.length; j++)
        {
            final int more = argv.length - 1 - j;
            if (is(argv[j], "auth") && more >= 2)
            {
                user = argv[j + 1];
                password = argv[j + 2];
                j += 2;
            }
            else if (is(argv[j], "setname") && more >= 1)
            {
                clientName = argv[j + 1];
                j++;
            }
            else
            {
                return error("ERR Syntax error in HELLO option '" + latin1(argv[j]) + "'");
            }
        }
        if (user != null)
        {
            if (!is(user, "default") || !passwordMatches(password, context.requirepass()))
            {
                return WRONGPASS;
            }
            session.setAuthenticated(true);
        }
        if (authRequired(session))
        {
            return HELLO_NOAUTH;
        }
        if (clientName != null)
        {
            final ErrorReply invalid = ClientCommand.validateName(clientName);
            if (invalid != null)
            {
                return invalid;
            }
            session.name = clientName.length == 0 ? null : str(clientName);
        }
        return new Object[]{
            bulk("server"), bulk("redis"),
            bulk("version"), bulk(InfoCommand.REDIS_VERSION),
            bulk("proto"), 2L,
            bulk("id"), session.id,
            bulk("mode"), bulk("standalone"),
            bulk("role"), bulk(context.isReplica() ? "replica" : "master"),
            bulk("modules"), new Object[0] };
    }

    private static Object select(final byte[][] argv)
    {
        // db.c selectCommand: getIntFromObjectOrReply, then the range of databases.
        final Long index = parseLong(argv[1]);
        if (index == null)
        {
            return NOT_INTEGER;
        }
        if (index < Integer.MIN_VALUE || index > Integer.MAX_VALUE)
        {
            // object.c getRangeLongFromObjectOrReply
            return error("ERR value is out of range, value must between " + Integer.MIN_VALUE + " and " +
                Integer.MAX_VALUE);
        }
        // Vigil has one database.
        return index == 0 ? StatusReply.OK : error("ERR DB index is out of range");
    }

    private Object reset(final ClientSession session)
    {
        session.multi = null;
        session.multiFailed = false;
        session.watch = null;
        session.name = null;
        server.pubSub().unsubscribeAll(session);
        session.setAuthenticated(context.requirepass() == null);
        return new StatusReply("RESET");
    }

    private static Object time()
    {
        final Instant now = Instant.now();
        return new Object[]{
            bulk(Long.toString(now.getEpochSecond())), bulk(Long.toString(now.getNano() / 1000)) };
    }

    private Object shutdown(final ClientSession session, final byte[][] argv)
    {
        boolean save = false;
        for (int i = 1; i < argv.length; i++)
        {
            if (is(argv[i], "nosave") || is(argv[i], "now") || is(argv[i], "force"))
            {
                continue;
            }
            if (is(argv[i], "save"))
            {
                save = true;
            }
            else if (is(argv[i], "abort"))
            {
                return error("ERR No shutdown in progress.");
            }
            else
            {
                return SYNTAX;
            }
        }
        final String refused = context.shutdown(save);
        if (refused != null)
        {
            return error(refused);
        }
        // server.c shutdownCommand: on success the client gets no reply; the connection just closes.
        session.closeAfterReplies();
        return NO_REPLY;
    }

    private static Object multi(final ClientSession session)
    {
        if (session.multi != null)
        {
            return error("ERR MULTI calls can not be nested");
        }
        session.multi = session.watch != null ? session.watch : new Transaction();
        session.watch = null;
        session.multiFailed = false;
        return StatusReply.OK;
    }

    private Object exec(final ClientSession session)
    {
        if (session.multi == null)
        {
            return error("ERR EXEC without MULTI");
        }
        if (session.multiFailed)
        {
            session.multi = null;
            session.multiFailed = false;
            return error("EXECABORT Transaction discarded because of previous errors.");
        }
        if (!server.submitExec(session))
        {
            // Too many writes in flight: EXEC waits, with the transaction still open.
            session.defer(new byte[][]{ bulk("EXEC") });
            return NO_REPLY;
        }
        session.multi = null;
        return NO_REPLY;
    }

    private void subscription(final ClientSession session, final String name, final byte[][] argv)
    {
        final PubSub pubSub = server.pubSub();
        final boolean pattern = name.startsWith("p");
        final byte[] kind = bulk(name);
        if (name.endsWith("unsubscribe") && argv.length == 1)
        {
            final List<String> all = new ArrayList<>(pattern ? session.patterns : session.channels);
            if (all.isEmpty())
            {
                session.reply(new Object[]{ kind, null, 0L });
            }
            for (final String target : all)
            {
                if (pattern)
                {
                    pubSub.punsubscribe(session, target);
                }
                else
                {
                    pubSub.unsubscribe(session, target);
                }
                session.reply(new Object[]{ kind, PubSub.bytes(target), count(session) });
            }
            return;
        }
        for (int i = 1; i < argv.length; i++)
        {
            final String target = PubSub.name(argv[i]);
            switch (name)
            {
                case "subscribe" -> pubSub.subscribe(session, target);
                case "psubscribe" -> pubSub.psubscribe(session, target);
                case "unsubscribe" -> pubSub.unsubscribe(session, target);
                default -> pubSub.punsubscribe(session, target);
            }
            session.reply(new Object[]{ kind, argv[i], count(session) });
        }
    }

    private static long count(final ClientSession session)
    {
        return session.channels.size() + session.patterns.size();
    }

    private Object pubsub(final byte[][] argv)
    {
        // pubsub.c pubsubCommand
        final String sub = str(argv[1]).toLowerCase(Locale.ROOT);
        final PubSub pubSub = server.pubSub();
        switch (sub)
        {
            case "channels":
                if (argv.length > 3)
                {
                    return subcommandSyntaxError(argv);
                }
                final List<Object> names = new ArrayList<>();
                for (final String channel : pubSub.channels(argv.length == 3 ? argv[2] : null))
                {
                    names.add(PubSub.bytes(channel));
                }
                return names;
            case "numsub":
                final Object[] counts = new Object[(argv.length - 2) * 2];
                for (int i = 2; i < argv.length; i++)
                {
                    counts[(i - 2) * 2] = argv[i];
                    counts[(i - 2) * 2 + 1] = pubSub.numsub(PubSub.name(argv[i]));
                }
                return counts;
            case "numpat":
                return pubSub.numpat();
            case "help":
                return help("PUBSUB",
                    "CHANNELS [<pattern>]",
                    "    Return the currently active channels matching a <pattern> (default: '*').",
                    "NUMPAT",
                    "    Return number of subscriptions to patterns.",
                    "NUMSUB [<channel> ...]",
                    "    Return the number of subscribers for the specified channels, excluding",
                    "    pattern subscriptions(default: no channels).");
            default:
                return subcommandSyntaxError(argv);
        }
    }

    /**
     * networking.c addReplyHelp: a container's HELP reply.
     */
    static Object help(final String container, final String... lines)
    {
        final List<Object> reply = new ArrayList<>();
        reply.add(bulk(container + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
        for (final String line : lines)
        {
            reply.add(bulk(line));
        }
        reply.add(bulk("HELP"));
        reply.add(bulk("    Print this help."));
        return reply;
    }

    static boolean matches(final String pattern, final String value)
    {
        return Glob.matches(bulk(pattern), bulk(value));
    }
}
