package io.vigil.replication.server;

import io.vigil.core.Glob;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Channel and pattern subscriptions of one node (pubsub.c), delivering PUBLISHed messages to subscribed sessions.
 * Channel names are kept as ISO-8859-1 strings so any byte sequence round-trips. Not threadsafe: I/O thread only.
 */
final class PubSub
{
    private static final byte[] MESSAGE = bytes("message");
    private static final byte[] PMESSAGE = bytes("pmessage");

    private final Map<String, Set<ClientSession>> channels = new HashMap<>();
    private final Map<String, Set<ClientSession>> patterns = new HashMap<>();

    static String name(final byte[] raw)
    {
        return new String(raw, StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(final String name)
    {
        return name.getBytes(StandardCharsets.ISO_8859_1);
    }

    boolean subscribe(final ClientSession session, final String channel)
    {
        if (!session.channels.add(channel))
        {
            return false;
        }
        channels.computeIfAbsent(channel, k -> new LinkedHashSet<>()).add(session);
        return true;
    }

    boolean unsubscribe(final ClientSession session, final String channel)
    {
        if (!session.channels.remove(channel))
        {
            return false;
        }
        final Set<ClientSession> subscribers = channels.get(channel);
        if (subscribers != null && subscribers.remove(session) && subscribers.isEmpty())
        {
            channels.remove(channel);
        }
        return true;
    }

    boolean psubscribe(final ClientSession session, final String pattern)
    {
        if (!session.patterns.add(pattern))
        {
            return false;
        }
        patterns.computeIfAbsent(pattern, k -> new LinkedHashSet<>()).add(session);
        return true;
    }

    boolean punsubscribe(final ClientSession session, final String pattern)
    {
        if (!session.patterns.remove(pattern))
        {
            return false;
        }
        final Set<ClientSession> subscribers = patterns.get(pattern);
        if (subscribers != null && subscribers.remove(session) && subscribers.isEmpty())
        {
            patterns.remove(pattern);
        }
        return true;
    }

    void unsubscribeAll(final ClientSession session)
    {
        for (final String channel : new ArrayList<>(session.channels))
        {
            unsubscribe(session, channel);
        }
        for (final String pattern : new ArrayList<>(session.patterns))
        {
            punsubscribe(session, pattern);
        }
    }

    /**
     * pubsub.c pubsubPublishMessage. Delivering a message may close its receiver (client-output-buffer-limit), which
     * unsubscribes it at once, so the receivers are taken before any delivery.
     *
     * @return number of sessions that received the message.
     */
    long publish(final byte[] channel, final byte[] message)
    {
        final Set<ClientSession> subscribers = channels.get(name(channel));
        final List<ClientSession> receivers = subscribers == null ? new ArrayList<>() : new ArrayList<>(subscribers);
        final int channelReceivers = receivers.size();
        final List<byte[]> matched = new ArrayList<>();
        for (final Map.Entry<String, Set<ClientSession>> e : patterns.entrySet())
        {
            final byte[] pattern = bytes(e.getKey());
            if (Glob.matches(pattern, channel))
            {
                for (final ClientSession session : e.getValue())
                {
                    receivers.add(session);
                    matched.add(pattern);
                }
            }
        }
        for (int i = 0; i < receivers.size(); i++)
        {
            final ClientSession session = receivers.get(i);
            if (i < channelReceivers)
            {
                session.push(new Object[]{ MESSAGE, channel, message });
            }
            else
            {
                session.push(new Object[]{ PMESSAGE, matched.get(i - channelReceivers), channel, message });
            }
        }
        return receivers.size();
    }

    List<String> channels(final byte[] pattern)
    {
        final List<String> names = new ArrayList<>();
        for (final String channel : channels.keySet())
        {
            if (pattern == null || Glob.matches(pattern, bytes(channel)))
            {
                names.add(channel);
            }
        }
        return names;
    }

    long numsub(final String channel)
    {
        final Set<ClientSession> subscribers = channels.get(channel);
        return subscribers == null ? 0 : subscribers.size();
    }

    long numpat()
    {
        return patterns.size();
    }
}
