using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Tally.Import;

/// <summary>Input files are UTF-8: bytes that are not are refused with their line rather than read as U+FFFD.</summary>
public static class Utf8Text
{
    /// <summary>Decodes UTF-8 and throws on bytes that are not; a leading byte order mark is skipped.</summary>
    public static Encoding Strict { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The 1-based line holding the first byte sequence that is not UTF-8, or null when all of it is; reads to the end.</summary>
    public static int? FirstInvalidLine(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var bytes = new byte[64 * 1024];
        var chars = new char[bytes.Length];
        var carried = 0;
        var line = 1;
        while (true)
        {
            var read = stream.Read(bytes, carried, bytes.Length - carried);
            var final = read == 0;
            var pending = bytes.AsSpan(0, carried + read);
            var consumed = 0;
            OperationStatus status;
            do
            {
                status = Utf8.ToUtf16(pending[consumed..], chars, out var bytesRead, out _, replaceInvalidSequences: false, isFinalBlock: final);
                line += pending.Slice(consumed, bytesRead).Count((byte)'\n');
                consumed += bytesRead;
            }
            while (status == OperationStatus.DestinationTooSmall);

            if (status == OperationStatus.InvalidData)
            {
                return line;
            }

            if (final)
            {
                return null;
            }

            // An incomplete sequence at the end of this block is finished by the next one.
            pending[consumed..].CopyTo(bytes);
            carried = pending.Length - consumed;
        }
    }
}
