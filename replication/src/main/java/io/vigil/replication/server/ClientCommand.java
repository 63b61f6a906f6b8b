package io.vigil.replication.server;

import io.vigil.core.ErrorReply;
import io.vigil.core.StatusReply;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CLIENT and its subcommands, as networking.c clientCommand in Redis 7.0. I/O thread only.
 */
final class ClientCommand
{
    private ClientCommand()
    {
    }

    private static String str(final byte[] bytes)
    {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static ErrorReply error(final String message)
    {
        return new ErrorReply(message);
    }

    static Object execute(
        final RespServer server, final ServerContext context, final ClientSession session, final byte[][] argv)
    {
        final String sub = str(argv[1]).toLowerCase(Locale.ROOT);
        switch (sub)
        {
            case "id":
                return session.id;
            case "getname":
                return session.name == null ? null : session.name.getBytes(StandardCharsets.UTF_8);
            case "setname":
            {
                final ErrorReply invalid = validateName(argv[2]);
                if (invalid != null)
                {
                    return invalid;
                }
                session.name = argv[2].length == 0 ? null : str(argv[2]);
                return StatusReply.OK;
            }
            case "setinfo":
            {
                // networking.c clientSetinfoCommand (Redis 7.2, sent by Jedis and Lettuce on connect): the
                // attribute first, then the value's charset; an empty value clears the attribute.
                final String attr = ServerCommands.latin1(argv[2]);
                final boolean libName = attr.equalsIgnoreCase("lib-name");
                if (!libName && !attr.equalsIgnoreCase("lib-ver"))
                {
                    return error("ERR Unrecognized option '" + attr + "'");
                }
                if (!validAttribute(argv[3]))
                {
                    return error("ERR " + attr + " cannot contain spaces, newlines or special characters.");
                }
                final String value = argv[3].length == 0 ? null : str(argv[3]);
                if (libName)
                {
                    session.libName = value;
                }
                else
                {
                    session.libVersion = value;
                }
                return StatusReply.OK;
            }
            case "info":
                return line(server, session).getBytes(StandardCharsets.UTF_8);
            case "list":
                return list(server, argv);
            case "kill":
                return kill(server, session, argv);
            case "pause":
                return pause(server, context, argv);
            case "unpause":
                context.unpause();
                return StatusReply.OK;
            case "no-evict":
            case "no-touch":
                if (!(str(argv[2]).equalsIgnoreCase("on") || str(argv[2]).equalsIgnoreCase("off")))
                {
                    return error("ERR syntax error");
                }
                return StatusReply.OK;
            case "help":
                return ServerCommands.help("CLIENT",
                    "ID",
                    "    Return the ID of the current connection.",
                    "GETNAME",
                    "    Return the name of the current connection.",
                    "SETNAME <name>",
                    "    Assign the name <name> to the current connection.",
                    "SETINFO <option> <value>",
                    "    Set client meta attr. Options are: LIB-NAME, LIB-VER.",
                    "INFO",
                    "    Return information about the current client connection.",
                    "LIST [options ...]",
                    "    Return information about client connections. Options:",
                    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                    "      Return clients of specified type.",
                    "    * ID <client-id> [<client-id> ...]",
                    "      Return clients of specified IDs only.",
                    "KILL <ip:port>",
                    "    Kill connection made from <ip:port>.",
                    "KILL <option> <value> [<option> <value> [...]]",
                    "    Kill connections. Options are:",
                    "    * ADDR (<ip:port>|<unixsocket>:0)",
                    "      Kill connections made from the specified address",
                    "    * LADDR (<ip:port>|<unixsocket>:0)",
                    "      Kill connections made to specified local address",
                    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                    "      Kill connections by type.",
                    "    * USER <username>",
                    "      Kill connections authenticated by <username>.",
                    "    * SKIPME (YES|NO)",
                    "      Skip killing current connection (default: yes).",
                    "    * ID <client-id>",
                    "      Kill connections by client id.",
                    "NO-EVICT (ON|OFF)",
                    "    Protect current client connection from eviction.",
                    "NO-TOUCH (ON|OFF)",
                    "    Will not touch LRU/LFU stats when this mode is on.",
                    "PAUSE <timeout> [WRITE|ALL]",
                    "    Suspend all, or just write, clients for <timeout> milliseconds.",
                    "UNPAUSE",
                    "    Stop the current client pause, resuming traffic.");
            default:
                return ServerCommands.subcommandSyntaxError(argv);
        }
    }

    private static byte[] bulk(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * networking.c validateClientName: printable ASCII without spaces.
     */
    static ErrorReply validateName(final byte[] name)
    {
        return validAttribute(name) ? null :
            error("ERR Client names cannot contain spaces, newlines or special characters.");
    }

    private static boolean validAttribute(final byte[] value)
    {
        for (final byte b : value)
        {
            if (b < '!' || b > '~')
            {
                return false;
            }
        }
        return true;
    }

    private static String address(final InetSocketAddress address)
    {
        if (address == null)
        {
            return "";
        }
        final String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /**
     * networking.c catClientInfoString, Redis 7.0's fields.
     */
    static String line(final RespServer server, final ClientSession s)
    {
        final long now = server.nowMs();
        final String flags = (s.isSubscribed() ? "P" : "") + (s.multi != null ? "x" : "");
        return "id=" + s.id +
            " addr=" + address(s.connection.remoteAddress()) +
            " laddr=" + address(s.connection.localAddress()) +
            " fd=" + s.id +
            " name=" + (s.name == null ? "" : s.name) +
            " age=" + (now - s.createdMs) / 1000 +
            " idle=" + (now - s.lastInteractionMs) / 1000 +
            " flags=" + (flags.isEmpty() ? "N" : flags) +
            " db=0" +
            " sub=" + s.channels.size() +
            " psub=" + s.patterns.size() +
            " ssub=0" +
            " multi=" + (s.multi == null ? -1 : s.multi.size()) +
            " qbuf=" + s.inputBytes() +
            " qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0" +
            " obl=0 oll=0 omem=" + s.connection.pendingBytes() +
            " tot-mem=" + s.connection.pendingBytes() +
            " events=r" +
            " cmd=" + (s.lastCommand == null ? "NULL" : s.lastCommand) +
            " user=default redir=-1 resp=2" +
            (s.libName == null ? "" : " lib-name=" + s.libName) +
            (s.libVersion == null ? "" : " lib-ver=" + s.libVersion) +
            "\n";
    }

    private static Object list(final RespServer server, final byte[][] argv)
    {
        // networking.c clientCommand "list"
        final StringBuilder out = new StringBuilder();
        if (argv.length == 4 && str(argv[2]).equalsIgnoreCase("type"))
        {
            final String type = clientType(argv[3]);
            if (type == null)
            {
                return error("ERR Unknown client type '" + ServerCommands.latin1(argv[3]) + "'");
            }
            for (final ClientSession s : server.sessions().values())
            {
                if (type.equals(typeOf(s)))
                {
                    out.append(line(server, s));
                }
            }
        }
        else if (argv.length > 3 && str(argv[2]).equalsIgnoreCase("id"))
        {
            // In the order given, as lookupClientByID for each.
            for (int i = 3; i < argv.length; i++)
            {
                final Long id = ServerCommands.parseLong(argv[i]);
                if (id == null)
                {
                    return error("ERR Invalid client ID");
                }
                final ClientSession s = server.sessions().get(id);
                if (s != null)
                {
                    out.append(line(server, s));
                }
            }
        }
        else if (argv.length != 2)
        {
            return error("ERR syntax error");
        }
        else
        {
            for (final ClientSession s : server.sessions().values())
            {
                out.append(line(server, s));
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * networking.c getClientTypeByName.
     *
     * @return "normal", "pubsub", "master" or "slave", or null if unknown.
     */
    private static String clientType(final byte[] name)
    {
        final String type = str(name).toLowerCase(Locale.ROOT);
        return switch (type)
        {
            case "normal", "pubsub", "master", "slave" -> type;
            case "replica" -> "slave";
            default -> null;
        };
    }

    private static String typeOf(final ClientSession s)
    {
        return s.isSubscribed() ? "pubsub" : "normal";
    }

    private static Object kill(final RespServer server, final ClientSession self, final byte[][] argv)
    {
        // networking.c clientCommand "kill": the old form CLIENT KILL addr:port, or filters parsed in order.
        Long id = null;
        String type = null;
        String addr = null;
        String laddr = null;
        boolean skipMe = true;
        if (argv.length == 3)
        {
            addr = ServerCommands.latin1(argv[2]);
            // With the old form a client may kill itself.
            skipMe = false;
        }
        else
        {
            for (int i = 2; i < argv.length; i += 2)
            {
                final boolean moreArgs = i + 1 < argv.length;
                final String option = str(argv[i]).toLowerCase(Locale.ROOT);
                if (!moreArgs)
                {
                    return error("ERR syntax error");
                }
                switch (option)
                {
                    case "id":
                        id = ServerCommands.parseLong(argv[i + 1]);
                        if (id == null || id < 1)
                        {
                            return error("ERR client-id should be greater than 0");
                        }
                        break;
                    case "type":
                        type = clientType(argv[i + 1]);
                        if (type == null)
                        {
                            return error("ERR Unknown client type '" + ServerCommands.latin1(argv[i + 1]) + "'");
                        }
                        break;
                    case "addr":
                        addr = ServerCommands.latin1(argv[i + 1]);
                        break;
                    case "laddr":
                        laddr = ServerCommands.latin1(argv[i + 1]);
                        break;
                    case "user":
                        // Vigil has the default user only.
                        if (!ServerCommands.latin1(argv[i + 1]).equals("default"))
                        {
                            return error("ERR No such user '" + ServerCommands.latin1(argv[i + 1]) + "'");
                        }
                        break;
                    case "skipme":
                        if (str(argv[i + 1]).equalsIgnoreCase("yes"))
                        {
                            skipMe = true;
                        }
                        else if (str(argv[i + 1]).equalsIgnoreCase("no"))
                        {
                            skipMe = false;
                        }
                        else
                        {
                            return error("ERR syntax error");
                        }
                        break;
                    default:
                        return error("ERR syntax error");
                }
            }
        }
        long killed = 0;
        boolean killedSelf = false;
        for (final ClientSession s : new ArrayList<>(server.sessions().values()))
        {
            if ((id != null && s.id != id) ||
                (type != null && !type.equals(typeOf(s))) ||
                (addr != null && !address(s.connection.remoteAddress()).equals(addr)) ||
                (laddr != null && !address(s.connection.localAddress()).equals(laddr)) ||
                (skipMe && s == self))
            {
                continue;
            }
            if (s == self)
            {
                killedSelf = true;
            }
            else
            {
                s.connection.close();
            }
            killed++;
        }
        final Object reply = argv.length != 3 ? (Object)killed :
            killed == 0 ? error("ERR No such client") : StatusReply.OK;
        if (!killedSelf)
        {
            return reply;
        }
        // networking.c: a client that kills itself gets its reply, then is closed (CLIENT_CLOSE_AFTER_REPLY).
        server.reply(self, reply);
        self.closeAfterReplies();
        return ServerCommands.NO_REPLY;
    }

    private static Object pause(final RespServer server, final ServerContext context, final byte[][] argv)
    {
        // networking.c clientCommand "pause": the mode first, then the timeout.
        if (argv.length > 4)
        {
            return ServerCommands.subcommandSyntaxError(argv);
        }
        boolean all = true;
        if (argv.length == 4)
        {
            if (str(argv[3]).equalsIgnoreCase("write"))
            {
                all = false;
            }
            else if (!str(argv[3]).equalsIgnoreCase("all"))
            {
                return error("ERR CLIENT PAUSE mode must be WRITE or ALL");
            }
        }
        final Long timeout = ServerCommands.parseLong(argv[2]);
        if (timeout == null)
        {
            return error("ERR timeout is not an integer or out of range");
        }
        if (timeout < 0)
        {
            return error("ERR timeout is negative");
        }
        final long now = server.nowMs();
        if (timeout > Long.MAX_VALUE - now)
        {
            return error("ERR timeout is out of range");
        }
        context.pause(now + timeout, all);
        return StatusReply.OK;
    }
}
