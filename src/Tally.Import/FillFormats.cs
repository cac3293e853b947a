namespace Tally.Import;

/// <summary>
/// The fill file formats Tally reads, by the name users give on the command line. Names are a contract
/// (scripts pass them), matched exactly.
/// </summary>
public static class FillFormats
{
    // In the order they are listed to users; each reader yields a RowResult per row or record.
    private static readonly (string Name, Func<TextReader, string, FillReadOptions, IEnumerable<RowResult>> Read)[] Formats =
    [
        ("tally-csv", TallyCsvFormat.Read),
        ("binance-futures-trades-json", BinanceFuturesTradesJson.Read),
        ("binance-spot-trades-json", BinanceSpotTradesJson.Read),
        ("binance-futures-trades-csv", BinanceFuturesTradesCsv.Read),
        ("binance-spot-trades-csv", BinanceSpotTradesCsv.Read),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. Formats.Select(f => f.Name)];

    /// <summary>Reads <paramref name="text"/> as <paramref name="format"/>; see each format's reader for its rules.</summary>
    /// <exception cref="InputFileException">The format is unknown, or the file cannot be read as that format.</exception>
    public static IEnumerable<RowResult> Read(string format, TextReader text, string source, FillReadOptions options)
    {
        foreach (var (name, read) in Formats)
        {
            if (string.Equals(name, format, StringComparison.Ordinal))
            {
                return read(text, source, options);
            }
        }

        throw new InputFileException($"{source}: unknown fill format \"{format}\"; valid formats: {string.Join(", ", Names)}");
    }
}
