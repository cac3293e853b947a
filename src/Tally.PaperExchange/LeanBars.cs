using System.IO.Compression;
using Tally.Core;

namespace Tally.PaperExchange;

/// <summary>
/// Reads the closes of a QuantConnect LEAN trade-bar file to drive a symbol's price. A file is a .zip holding one
/// CSV (or the CSV itself), no header, one bar a line: a time (milliseconds since midnight for minute/second bars,
/// <c>yyyyMMdd HH:mm</c> for hour/daily bars), open, high, low, close, volume. Crypto bars carry plain prices (no
/// scaling factor), which is what is read; only the close (fifth column) is used.
/// </summary>
/// <remarks>
/// Stepping rule: the symbol starts at the first close; each step of the feed (one per order that reaches matching
/// on that symbol) moves to the next bar's close, rounded half-to-even to the tick size (at least one tick). At the
/// last bar the feed walks back through the file, then forward again (…, n−2, n−1, n−2, …, 0, 1, …), so a long run
/// never jumps and never freezes.
/// </remarks>
public static class LeanBars
{
    /// <summary>The closes of <paramref name="path"/>, in file order.</summary>
    /// <exception cref="ArgumentException">The file is missing, empty or has a line that is not a bar (message names file and line).</exception>
    public static IReadOnlyList<decimal> ReadCloses(string path) => [.. ReadBars(path).Select(b => b.Close)];

    /// <summary>
    /// The bars of <paramref name="path"/>, in file order, each with its time as milliseconds after the first bar's
    /// (a minute/second file's ms-since-midnight that goes backwards is read as the next day) and its volume (0 when
    /// the column is missing).
    /// </summary>
    /// <exception cref="ArgumentException">The file is missing, empty or has a line that is not a bar (message names file and line).</exception>
    public static IReadOnlyList<LeanBar> ReadBars(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ArgumentException($"price file \"{path}\" does not exist");
        }

        using var reader = OpenText(path);
        var bars = new List<LeanBar>();
        var number = 0;
        long? first = null;
        long previous = 0, days = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            var volume = 0m;
            if (fields.Length < 5 || !DecimalText.TryParse(fields[4].Trim(), out var close) || close <= 0 ||
                !TryParseTime(fields[0].Trim(), out var time, out var sinceMidnight) ||
                (fields.Length > 5 && !DecimalText.TryParse(fields[5].Trim(), out volume)))
            {
                throw new ArgumentException($"price file \"{path}\" line {number}: \"{line}\" is not time,open,high,low,close[,volume] with a positive close");
            }

            if (sinceMidnight && first is not null && time + days < previous)
            {
                days += TimeSpan.FromDays(1).Ticks / TimeSpan.TicksPerMillisecond;
            }

            var at = time + (sinceMidnight ? days : 0);
            first ??= at;
            previous = at;
            bars.Add(new LeanBar(at - first.Value, close, Math.Max(0m, volume)));
        }

        return bars.Count > 0 ? bars : throw new ArgumentException($"price file \"{path}\" holds no bars");
    }

    /// <summary>Bar index of the <paramref name="step"/>-th step (0 = start) in a file of <paramref name="count"/> bars: forward, back, forward….</summary>
    public static int IndexAt(long step, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (count == 1)
        {
            return 0;
        }

        var period = 2L * (count - 1);
        var k = step % period;
        return (int)(k < count ? k : period - k);
    }

    /// <summary>Milliseconds since midnight (minute/second files) or <c>yyyyMMdd HH:mm</c> as Unix ms (hour/daily files).</summary>
    private static bool TryParseTime(string text, out long ms, out bool sinceMidnight)
    {
        sinceMidnight = !text.Contains(' ', StringComparison.Ordinal);
        if (sinceMidnight)
        {
            return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ms);
        }

        var ok = DateTime.TryParseExact(text, "yyyyMMdd HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var time);
        ms = ok ? new DateTimeOffset(time, TimeSpan.Zero).ToUnixTimeMilliseconds() : 0;
        return ok;
    }

    private static StreamReader OpenText(string path)
    {
        if (!path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            return new StreamReader(path);
        }

        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new ArgumentException($"price file \"{path}\" is not a zip archive: {e.Message}", e);
        }

        try
        {
            var entry = archive.Entries.FirstOrDefault(e => e.Length > 0)
                ?? throw new ArgumentException($"price file \"{path}\" is an empty archive");

            // The reader owns the archive from here: disposing it disposes the entry stream, then the archive.
            return new ArchiveReader(archive, entry.Open());
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    private sealed class ArchiveReader(ZipArchive archive, Stream entry) : StreamReader(entry)
    {
        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                archive.Dispose();
            }
        }
    }
}
