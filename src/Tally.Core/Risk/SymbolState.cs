namespace Tally.Core.Risk;

/// <summary>
/// What the monitor keeps per symbol: the last price, the 1-minute candles built from its trades (a window long
/// enough for the correlation), the dump detector's candle signals (a) and (b) for longs and shorts, recomputed
/// when a candle closes, its watched take-profit / stop-loss levels, and for a correlation leader the rolling
/// high of its lookback.
/// </summary>
internal sealed class SymbolState(string symbol, int windowCapacity, TimeSpan? leaderLookback)
{
    public string Symbol { get; } = symbol;

    public decimal? LastPrice { get; set; }

    public CandleBuilder Candles { get; } = new(Math.Max(120, windowCapacity));

    public CandleWindow Window { get; } = new(windowCapacity);

    public DumpSignals LongSignals { get; set; }

    public DumpSignals ShortSignals { get; set; }

    public LevelBook Levels { get; } = new();

    public RollingHigh? LeaderHigh { get; } = leaderLookback is { } lookback ? new RollingHigh(lookback) : null;
}
