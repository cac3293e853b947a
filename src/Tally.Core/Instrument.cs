namespace Tally.Core;

/// <summary>
/// A tradable symbol and the facts accounting needs about it. Immutable; build with <see cref="Create"/>.
/// </summary>
/// <remarks>
/// <see cref="Multiplier"/> is the contract size: for linear contracts the base quantity per contract
/// (1 for Binance USD-M, whose quantities are already in base units), for inverse contracts the USD value
/// per contract (100 for Binance COIN-M BTCUSD, 10 for most others).
/// </remarks>
public sealed record Instrument
{
    private Instrument(string symbol, InstrumentKind kind, string baseAsset, string quoteAsset, decimal multiplier)
    {
        Symbol = symbol;
        Kind = kind;
        BaseAsset = baseAsset;
        QuoteAsset = quoteAsset;
        Multiplier = multiplier;
    }

    public string Symbol { get; }

    public InstrumentKind Kind { get; }

    public string BaseAsset { get; }

    public string QuoteAsset { get; }

    public decimal Multiplier { get; }

    /// <summary>The asset realized PnL is paid in: quote for spot and linear, base for inverse.</summary>
    public string SettlementAsset => Kind == InstrumentKind.Inverse ? BaseAsset : QuoteAsset;

    public static Instrument Create(string symbol, InstrumentKind kind, string baseAsset, string quoteAsset, decimal multiplier = 1m)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        ArgumentException.ThrowIfNullOrWhiteSpace(baseAsset);
        ArgumentException.ThrowIfNullOrWhiteSpace(quoteAsset);
        if (multiplier <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(multiplier), multiplier, "The contract multiplier must be positive.");
        }

        return new Instrument(symbol, kind, baseAsset, quoteAsset, multiplier);
    }
}
