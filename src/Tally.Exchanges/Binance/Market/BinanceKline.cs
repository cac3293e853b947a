using System.Globalization;
using System.Text.Json;

namespace Tally.Exchanges.Binance.Market;

/// <summary>
/// One kline (candle) of a USD-M symbol, from the stream's <c>k</c> or a <c>GET /fapi/v1/klines</c> row; the same
/// bar gives an equal record either way. Times are Unix ms; <see cref="CloseTime"/> = open + interval − 1.
/// </summary>
/// <param name="Volume">Base volume; taker sells are <see cref="Volume"/> − <see cref="TakerBuyVolume"/>.</param>
public sealed record BinanceKline(
    string Symbol,
    string Interval,
    long OpenTime,
    long CloseTime,
    decimal Open,
    decimal High,
    decimal Low,
    decimal Close,
    decimal Volume,
    decimal QuoteVolume,
    long Trades,
    decimal TakerBuyVolume,
    decimal TakerBuyQuoteVolume)
{
    private const string What = "klines row";

    /// <summary>Base volume taken by sellers: <c>v − V</c> (binance-wire-market.md §4).</summary>
    public decimal TakerSellVolume => Volume - TakerBuyVolume;

    /// <summary>
    /// A <c>GET /fapi/v1/klines</c> body: an array of rows <c>[open ms, o, h, l, c, v, close ms, q, n, V, Q, ignore]</c>,
    /// numbers and strings as Binance sends them (either is accepted for every field).
    /// </summary>
    /// <exception cref="FormatException">Not an array of rows, or a row is short or holds a malformed value (named by index).</exception>
    public static IReadOnlyList<BinanceKline> ParseRows(string json, string symbol, string interval)
    {
        using var document = BinanceJsonObject.ParseDocument(json, What);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"Binance {What}s: expected a JSON array, got {root.ValueKind}");
        }

        var bars = new List<BinanceKline>(root.GetArrayLength());
        var index = 0;
        foreach (var row in root.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() < 11)
            {
                throw new FormatException($"Binance {What} [{index}]: expected an array of at least 11 values");
            }

            var path = $"[{index}]";
            bars.Add(new BinanceKline(
                symbol,
                interval,
                OpenTime: Long(row[0], path, 0),
                CloseTime: Long(row[6], path, 6),
                Open: Dec(row[1], path, 1),
                High: Dec(row[2], path, 2),
                Low: Dec(row[3], path, 3),
                Close: Dec(row[4], path, 4),
                Volume: Dec(row[5], path, 5),
                QuoteVolume: Dec(row[7], path, 7),
                Trades: Long(row[8], path, 8),
                TakerBuyVolume: Dec(row[9], path, 9),
                TakerBuyQuoteVolume: Dec(row[10], path, 10)));
            index++;
        }

        return bars;
    }

    private static string Text(JsonElement value, string path, int i) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.Number => value.GetRawText(),
        _ => throw new FormatException($"Binance {What} {path}[{i}]: expected a number or a numeric string, got {value.ValueKind}"),
    };

    private static decimal Dec(JsonElement value, string path, int i) =>
        decimal.TryParse(Text(value, path, i), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw new FormatException($"Binance {What} {path}[{i}]: must be a decimal, got {value.GetRawText()}");

    private static long Long(JsonElement value, string path, int i) =>
        long.TryParse(Text(value, path, i), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw new FormatException($"Binance {What} {path}[{i}]: must be a whole number, got {value.GetRawText()}");
}
