package io.vigil.core.resp;

import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records what a {@link RespParser} delivers, copying the raw frame bytes at callback time since the caller may move
 * or overwrite them afterwards.
 */
final class RecordingHandler implements RespParser.CommandHandler
{
    record Command(List<byte[]> args, int frameOffset, int frameLength, byte[] frame)
    {
        List<String> argStrings()
        {
            final List<String> strings = new ArrayList<>(args.size());
            for (final byte[] arg : args)
            {
                strings.add(latin1(arg));
            }
            return strings;
        }

        String frameString()
        {
            return latin1(frame);
        }
    }

    final List<Command> commands = new ArrayList<>();
    final List<String> errors = new ArrayList<>();

    public void onCommand(
        final byte[][] argv, final int argc, final DirectBuffer buffer, final int frameOffset, final int frameLength)
    {
        final byte[] frame = new byte[frameLength];
        buffer.getBytes(frameOffset, frame);
        commands.add(new Command(Arrays.asList(argv).subList(0, argc).stream().toList(), frameOffset, frameLength, frame));
    }

    public void onProtocolError(final String message)
    {
        errors.add(message);
    }

    List<List<String>> argStrings()
    {
        final List<List<String>> all = new ArrayList<>();
        for (final Command command : commands)
        {
            all.add(command.argStrings());
        }
        return all;
    }

    static byte[] bytes(final String latin1)
    {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String latin1(final byte[] bytes)
    {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
