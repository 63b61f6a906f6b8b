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
                return argv.length == 2 ? (Object)session.id : arity(sub);
            case "getname":
                return argv.length == 2 ? (session.name == null ? null : session.name.getBytes(StandardCharsets.UTF_8)) :
                    arity(sub);
            case "setname":
            {
                if (argv.length != 3)
                {
                    return arity(sub);
                }
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
                if (argv.length != 4)
                {
                    return arity(sub);
                }
                final String attr = str(argv[2]).toLowerCase(Locale.ROOT);
                final ErrorReply invalid = validateName(argv[3]);
                if (invalid != null)
                {
                    return error("ERR " + attr + " cannot contain spaces, newlines or special characters.");
                }
                if (attr.equals("lib-name"))
                {
                    session.libName = str(argv[3]);
                }
                else if (attr.equals("lib-ver"))
                {
                    session.libVersion = str(argv[3]);
                }
                else
                {
                    return error("ERR Unrecognized option '" + str(argv[2]) + "'");
                }
                return StatusReply.OK;
            }
            case "info":
                return argv.length == 2 ? line(server, session).getBytes(StandardCharsets.UTF_8) : arity(sub);
            case "list":
                return list(server, argv);
            case "kill":
                return kill(server, session, argv);
            case "pause":
                return pause(server, context, argv);
            case "unpause":
                if (argv.length != 2)
                {
                    return arity(sub);
                }
                context.unpause();
                return StatusReply.OK;
            case "no-evict":
            case "no-touch":
                if (argv.length != 3 || !(str(argv[2]).equalsIgnoreCase("on") || str(argv[2]).equalsIgnoreCase("off")))
                {
                    return argv.length != 3 ? arity(sub) : error("ERR syntax error");
                }
                return StatusReply.OK;
            case "help":
                return new Object[]{
                    bulk("CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"),
                    bulk("ID"), bulk("GETNAME"), bulk("SETNAME <name>"), bulk("SETINFO <option> <value>"),
                    bulk("INFO"), bulk("LIST [TYPE (NORMAL|MASTER|REPLICA|PUBSUB)] [ID <id> [<id> ...]]"),
                    bulk("KILL <ip:port> | KILL <option> <value> [<option> <value> ...]"),
                    bulk("PAUSE <timeout> [WRITE|ALL]"), bulk("UNPAUSE"), bulk("HELP") };
            default:
                return error("ERR unknown subcommand '" + str(argv[1]) + "'. Try CLIENT HELP.");
        }
    }

    private static byte[] bulk(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ErrorReply arity(final String sub)
    {
        return ServerCommands.wrongArity("client|" + sub);
    }

    /**
     * networking.c validateClientName: printable ASCII without spaces.
     */
    static ErrorReply validateName(final byte[] name)
    {
        for (final byte b : name)
        {
            if (b < '!' || b > '~')
            {
                return error("ERR Client names cannot contain spaces, newlines or special characters.");
            }
        }
        return null;
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
            " cmd=" + (s.lastCommand == null ? "NULL" :
                new String(s.lastCommand, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT)) +
            " user=default redir=-1 resp=2" +
            (s.libName == null ? "" : " lib-name=" + s.libName) +
            (s.libVersion == null ? "" : " lib-ver=" + s.libVersion) +
            "\n";
    }

    private static Object list(final RespServer server, final byte[][] argv)
    {
        String type = null;
        List<Long> ids = null;
        if (argv.length == 4 && str(argv[2]).equalsIgnoreCase("type"))
        {
            type = str(argv[3]).toLowerCase(Locale.ROOT);
            if (!type.equals("normal") && !type.equals("master") && !type.equals("replica") &&
                !type.equals("slave") && !type.equals("pubsub"))
            {
                return error("ERR Unknown client type '" + str(argv[3]) + "'");
            }
        }
        else if (argv.length > 3 && str(argv[2]).equalsIgnoreCase("id"))
        {
            ids = new ArrayList<>();
            for (int i = 3; i < argv.length; i++)
            {
                try
                {
                    ids.add(Long.parseLong(str(argv[i])));
                }
                catch (final NumberFormatException ex)
                {
                    return error("ERR Invalid client ID");
                }
            }
        }
        else if (argv.length != 2)
        {
            return error("ERR syntax error");
        }
        final StringBuilder out = new StringBuilder();
        for (final ClientSession s : server.sessions().values())
        {
            if (ids != null && !ids.contains(s.id))
            {
                continue;
            }
            if (type != null && !type.equals(s.isSubscribed() ? "pubsub" : "normal"))
            {
                continue;
            }
            out.append(line(server, s));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Object kill(final RespServer server, final ClientSession self, final byte[][] argv)
    {
        if (argv.length == 3)
        {
            // The old form: CLIENT KILL addr:port.
            final String addr = str(argv[2]);
            for (final ClientSession s : new ArrayList<>(server.sessions().values()))
            {
                if (address(s.connection.remoteAddress()).equals(addr))
                {
                    killSession(s, self);
                    return StatusReply.OK;
                }
            }
            return error("ERR No such client");
        }
        if ((argv.length & 1) != 0)
        {
            return error("ERR syntax error");
        }
        Long id = null;
        String type = null;
        String addr = null;
        String laddr = null;
        String user = null;
        boolean skipMe = true;
        long maxAge = 0;
        for (int i = 2; i < argv.length; i += 2)
        {
            final String option = str(argv[i]).toLowerCase(Locale.ROOT);
            final String value = str(argv[i + 1]);
            switch (option)
            {
                case "id":
                    try
                    {
                        id = Long.parseLong(value);
                    }
                    catch (final NumberFormatException ex)
                    {
                        return error("ERR client-id should be greater than 0");
                    }
                    if (id <= 0)
                    {
                        return error("ERR client-id should be greater than 0");
                    }
                    break;
                case "type":
                    type = value.toLowerCase(Locale.ROOT);
                    if (!type.equals("normal") && !type.equals("master") && !type.equals("replica") &&
                        !type.equals("slave") && !type.equals("pubsub"))
                    {
                        return error("ERR Unknown client type '" + value + "'");
                    }
                    break;
                case "addr":
                    addr = value;
                    break;
                case "laddr":
                    laddr = value;
                    break;
                case "user":
                    user = value;
                    break;
                case "skipme":
                    if (value.equalsIgnoreCase("yes"))
                    {
                        skipMe = true;
                    }
                    else if (value.equalsIgnoreCase("no"))
                    {
                        skipMe = false;
                    }
                    else
                    {
                        return error("ERR syntax error");
                    }
                    break;
                case "maxage":
                    try
                    {
                        maxAge = Long.parseLong(value);
                    }
                    catch (final NumberFormatException ex)
                    {
                        return error("ERR value is not an integer or out of range");
                    }
                    break;
                default:
                    return error("ERR syntax error");
            }
        }
        long killed = 0;
        final long now = server.nowMs();
        for (final ClientSession s : new ArrayList<>(server.sessions().values()))
        {
            if ((id != null && s.id != id) ||
                (type != null && !type.equals(s.isSubscribed() ? "pubsub" : "normal")) ||
                (addr != null && !address(s.connection.remoteAddress()).equals(addr)) ||
                (laddr != null && !address(s.connection.localAddress()).equals(laddr)) ||
                (user != null && !user.equals("default")) ||
                (skipMe && s == self) ||
                (maxAge > 0 && (now - s.createdMs) / 1000 < maxAge))
            {
                continue;
            }
            killSession(s, self);
            killed++;
        }
        return killed;
    }

    private static void killSession(final ClientSession s, final ClientSession self)
    {
        if (s == self)
        {
            // networking.c: a client that kills itself gets its reply first.
            s.closeAfterReplies();
        }
        else
        {
            s.connection.close();
        }
    }

    private static Object pause(final RespServer server, final ServerContext context, final byte[][] argv)
    {
        if (argv.length != 3 && argv.length != 4)
        {
            return arity("pause");
        }
        final long timeout;
        try
        {
            timeout = Long.parseLong(str(argv[2]));
        }
        catch (final NumberFormatException ex)
        {
            return error("ERR timeout is not an integer or out of range");
        }
        if (timeout < 0)
        {
            return error("ERR timeout is negative");
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
        context.pause(server.nowMs() + timeout, all);
        return StatusReply.OK;
    }
}
