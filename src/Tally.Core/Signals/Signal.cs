namespace Tally.Core.Signals;

/// <summary>
/// A strategy's request (DESIGN.md §4). <see cref="SignalId"/> is the sender's idempotency key: the same id
/// twice is one signal. Quantity is either given (<see cref="Quantity"/>) or a fraction of available balance ×
/// leverage (<see cref="SizeFraction"/>); take-profit and stop-loss either absolute or as fractions of the
/// entry (0.05 = 5 %).
/// </summary>
/// <param name="Confidence">0–1; decides conflicts (the strictly higher wins).</param>
public sealed record Signal(
    string SignalId,
    string StrategyId,
    string Symbol,
    SignalAction Action,
    decimal Confidence,
    DateTimeOffset Timestamp,
    decimal? Quantity = null,
    decimal? SizeFraction = null,
    decimal? Price = null,
    decimal? TakeProfit = null,
    decimal? StopLoss = null,
    decimal? TakeProfitPct = null,
    decimal? StopLossPct = null,
    string? Timeframe = null,
    string Venue = Fill.DefaultVenue,
    string Account = Fill.DefaultAccount)
{
    /// <summary>The side a buy or sell builds: LONG for a buy, SHORT for a sell.</summary>
    public PositionDirection Direction => Action switch
    {
        SignalAction.Buy => PositionDirection.Long,
        SignalAction.Sell => PositionDirection.Short,
        SignalAction.Close => PositionDirection.Flat,
    };
}
