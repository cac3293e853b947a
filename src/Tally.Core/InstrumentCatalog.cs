namespace Tally.Core;

/// <summary>
/// Resolves a symbol to its <see cref="Instrument"/>: explicitly registered instruments first, otherwise a
/// linear contract with multiplier 1 whose base and quote are split at a known quote suffix.
/// Not thread safe: inferred instruments are cached, so one catalog belongs to one ledger.
/// </summary>
public sealed class InstrumentCatalog
{
    // Longest first, so ETHBUSD splits at BUSD and not at USD, and BTCFDUSD at FDUSD.
    private static readonly string[] KnownQuoteSuffixes = ["FDUSD", "USDT", "USDC", "BUSD", "USD", "BTC", "ETH", "EUR"];

    private readonly Dictionary<string, Instrument> _instruments = new(StringComparer.Ordinal);

    public static IReadOnlyList<string> QuoteSuffixes => KnownQuoteSuffixes;

    public void Add(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        _instruments[instrument.Symbol] = instrument;
    }

    public IEnumerable<Instrument> Registered => _instruments.Values;

    /// <summary>Finds or infers the instrument for <paramref name="symbol"/>; false when neither is possible.</summary>
    public bool TryResolve(string symbol, out Instrument instrument)
    {
        if (!TryPeek(symbol, out instrument))
        {
            return false;
        }

        _instruments[symbol] = instrument;
        return true;
    }

    /// <summary>Like <see cref="TryResolve"/>, but an inferred instrument is not remembered: the catalog does not change.</summary>
    public bool TryPeek(string symbol, out Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        if (_instruments.TryGetValue(symbol, out var known))
        {
            instrument = known;
            return true;
        }

        foreach (var quote in KnownQuoteSuffixes)
        {
            if (symbol.Length > quote.Length && symbol.EndsWith(quote, StringComparison.Ordinal))
            {
                instrument = Instrument.Create(symbol, InstrumentKind.Linear, symbol[..^quote.Length], quote);
                return true;
            }
        }

        instrument = null!;
        return false;
    }

    /// <summary>A catalog holding the same instruments, independent of this one.</summary>
    public InstrumentCatalog Copy()
    {
        var copy = new InstrumentCatalog();
        foreach (var (symbol, instrument) in _instruments)
        {
            copy._instruments[symbol] = instrument;
        }

        return copy;
    }

    public Instrument Resolve(string symbol) =>
        TryResolve(symbol, out var instrument)
            ? instrument
            : throw new ArgumentException($"symbol {symbol}: no known quote asset suffix ({string.Join(", ", KnownQuoteSuffixes)}); describe it in an instruments file", nameof(symbol));
}
