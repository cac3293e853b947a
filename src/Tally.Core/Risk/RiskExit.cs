using Tally.Core.Attribution;

namespace Tally.Core.Risk;

/// <summary>
/// An exit the risk monitor asks for: close all of strategy position <paramref name="StrategyPositionId"/> (its
/// open quantity when asked) with a reduce-only market order placed with <see cref="CloseReason"/>. <paramref name="Price"/>
/// is the price that triggered it (the tick's, or for a portfolio rule the symbol's last price): where
/// <c>tally risk replay</c> simulates the fill.
/// </summary>
public sealed record RiskExit(
    DateTimeOffset At,
    string Venue,
    string Account,
    string Symbol,
    PositionSide PositionSide,
    string StrategyPositionId,
    string ExchangePositionKey,
    ExposureSide Side,
    decimal Quantity,
    decimal Price,
    RiskExitReason Reason)
{
    /// <summary>The close reason the exit order is placed with (and the strategy position closes with).</summary>
    public CloseReason CloseReason => Reason.ToCloseReason();

    /// <summary>The side of the closing order: a long sells, a short buys.</summary>
    public Side OrderSide => Side switch
    {
        ExposureSide.Long => Tally.Core.Side.Sell,
        ExposureSide.Short => Tally.Core.Side.Buy,
    };
}
