namespace Tally.Core;

/// <summary>
/// Resolves a (venue, symbol) to its <see cref="Instrument"/>: the venue's own definition first, then a definition for
/// every venue (registered without a venue), otherwise a linear contract with multiplier 1 whose base and quote are
/// split at a known quote suffix. The single-symbol overloads ask on behalf of no venue in particular: definitions for
/// every venue, then inference.
/// Not thread safe: inferred instruments are cached (under the venue asked for), so one catalog belongs to one ledger.
/// </summary>
public sealed class InstrumentCatalog
{
    // Longest first, so ETHBUSD splits at BUSD and not at USD, and BTCFDUSD at FDUSD.
    private static readonly string[] KnownQuoteSuffixes = ["FDUSD", "USDT", "USDC", "BUSD", "USD", "BTC", "ETH", "EUR"];

    // Venue-specific definitions, keyed by (venue, symbol).
    private readonly Dictionary<(string Venue, string Symbol), Instrument> _own = [];

    // Definitions for every venue without an own one, keyed by symbol.
    private readonly Dictionary<string, Instrument> _anyVenue = new(StringComparer.Ordinal);

    public static IReadOnlyList<string> QuoteSuffixes => KnownQuoteSuffixes;

    /// <summary>Defines <paramref name="instrument"/> for every venue without an own definition of its symbol.</summary>
    public void Add(Instrument instrument) => Add(venue: null, instrument);

    /// <summary>Defines <paramref name="instrument"/> for <paramref name="venue"/>, or for every venue without an own definition when null.</summary>
    public void Add(string? venue, Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        if (venue is null)
        {
            _anyVenue[instrument.Symbol] = instrument;
        }
        else
        {
            _own[(venue, instrument.Symbol)] = instrument;
        }
    }

    public void Add(InstrumentDefinition definition) => Add(definition.Venue, definition.Instrument);

    /// <summary>Every instrument defined or remembered, for any venue.</summary>
    public IEnumerable<Instrument> Registered => _anyVenue.Values.Concat(_own.Values);

    /// <summary>Every definition with the venue it applies to (null: every venue without an own definition).</summary>
    public IEnumerable<InstrumentDefinition> Definitions =>
        _anyVenue.Values.Select(i => new InstrumentDefinition(null, i))
            .Concat(_own.Select(e => new InstrumentDefinition(e.Key.Venue, e.Value)));

    /// <summary>Whether <paramref name="venue"/> has its own definition (registered or remembered) of <paramref name="symbol"/>.</summary>
    public bool HasOwn(string venue, string symbol) => _own.ContainsKey((venue, symbol));

    /// <summary>Finds or infers the instrument for <paramref name="symbol"/> on no venue in particular; false when neither is possible.</summary>
    public bool TryResolve(string symbol, out Instrument instrument)
    {
        if (!TryPeek(symbol, out instrument))
        {
            return false;
        }

        _anyVenue[symbol] = instrument;
        return true;
    }

    /// <summary>Finds or infers the instrument <paramref name="symbol"/> means on <paramref name="venue"/>; false when neither is possible.</summary>
    public bool TryResolve(string venue, string symbol, out Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(venue);
        if (!TryPeek(venue, symbol, out instrument))
        {
            return false;
        }

        // Only an inferred instrument is remembered, as the venue's own; a definition for every venue stays shared.
        if (!_anyVenue.ContainsKey(symbol))
        {
            _own[(venue, symbol)] = instrument;
        }

        return true;
    }

    /// <summary>Like <see cref="TryResolve(string, out Instrument)"/>, but an inferred instrument is not remembered: the catalog does not change.</summary>
    public bool TryPeek(string symbol, out Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        return _anyVenue.TryGetValue(symbol, out instrument!) || TryInfer(symbol, out instrument);
    }

    /// <summary>Like <see cref="TryResolve(string, string, out Instrument)"/>, but an inferred instrument is not remembered.</summary>
    public bool TryPeek(string venue, string symbol, out Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(venue);
        ArgumentNullException.ThrowIfNull(symbol);
        return _own.TryGetValue((venue, symbol), out instrument!) || TryPeek(symbol, out instrument);
    }

    /// <summary>A catalog holding the same instruments, independent of this one.</summary>
    public InstrumentCatalog Copy()
    {
        var copy = new InstrumentCatalog();
        foreach (var (symbol, instrument) in _anyVenue)
        {
            copy._anyVenue[symbol] = instrument;
        }

        foreach (var (key, instrument) in _own)
        {
            copy._own[key] = instrument;
        }

        return copy;
    }

    public Instrument Resolve(string symbol) =>
        TryResolve(symbol, out var instrument) ? instrument : throw Unknown(symbol);

    /// <summary>The instrument <paramref name="symbol"/> means on <paramref name="venue"/> (a fill's venue picks it).</summary>
    /// <exception cref="ArgumentException">No definition, and no known quote suffix to infer one from.</exception>
    public Instrument Resolve(string venue, string symbol) =>
        TryResolve(venue, symbol, out var instrument) ? instrument : throw Unknown(symbol);

    private static bool TryInfer(string symbol, out Instrument instrument)
    {
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

    private static ArgumentException Unknown(string symbol) =>
        new($"symbol {symbol}: no known quote asset suffix ({string.Join(", ", KnownQuoteSuffixes)}); describe it in an instruments file", nameof(symbol));
}
