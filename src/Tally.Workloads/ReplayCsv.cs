using System.Globalization;
using System.Text;
using Tally.Core;

namespace Tally.Workloads;

/// <summary>
/// Writes fills in the replay CSV format: header <see cref="Header"/>, one row per fill, LF line ends.
/// </summary>
/// <remarks>
/// ts is ISO-8601 UTC with milliseconds (2025-01-01T00:00:00.001Z), empty when the fill has none; side is
/// BUY or SELL; decimals are written by <see cref="DecimalText.Format"/> (no exponent, trailing zeros
/// dropped: 100.50 → 100.5); fee_asset is empty when the fill leaves it to the settlement asset. A field
/// holding a comma, quote or line break is quoted with its quotes doubled (RFC 4180). Venue, account and
/// position side are not in the format: a replay names them once for the whole file.
/// </remarks>
public static class ReplayCsv
{
    public const string Header = "ts,symbol,side,qty,price,fee,fee_asset,trade_id";

    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Writes the header and every fill to <paramref name="writer"/>.</summary>
    public static void Write(TextWriter writer, IEnumerable<Fill> fills)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(fills);

        writer.Write(Header);
        writer.Write('\n');
        Span<char> stamp = stackalloc char[TimestampFormat.Length];
        foreach (var fill in fills)
        {
            if (fill.Timestamp is { } at)
            {
                // UtcDateTime, not DateTime: the format's Z must be true whatever offset the venue sent.
                if (!at.UtcDateTime.TryFormat(stamp, out var written, TimestampFormat, CultureInfo.InvariantCulture))
                {
                    throw new InvalidOperationException($"fill {fill.TradeId}: timestamp {at:O} does not fit the replay format");
                }

                writer.Write(stamp[..written]);
            }

            writer.Write(',');
            WriteField(writer, fill.Symbol);
            writer.Write(',');
            writer.Write(fill.Side.ToWireName());
            writer.Write(',');
            writer.Write(DecimalText.Format(fill.Quantity));
            writer.Write(',');
            writer.Write(DecimalText.Format(fill.Price));
            writer.Write(',');
            writer.Write(DecimalText.Format(fill.Fee));
            writer.Write(',');
            WriteField(writer, fill.FeeAsset);
            writer.Write(',');
            WriteField(writer, fill.TradeId);
            writer.Write('\n');
        }
    }

    /// <summary>The whole file as one string; for small streams and tests (use <see cref="Write"/> for large ones).</summary>
    public static string ToCsv(IEnumerable<Fill> fills)
    {
        using var writer = new StringWriter(new StringBuilder(), CultureInfo.InvariantCulture);
        Write(writer, fills);
        return writer.ToString();
    }

    private static void WriteField(TextWriter writer, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }
}
