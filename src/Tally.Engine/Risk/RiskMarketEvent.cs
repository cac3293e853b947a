using Tally.Core.Risk;

namespace Tally.Engine.Risk;

/// <summary>What a <see cref="IRiskMarketFeed"/> yields: a closed set the monitor switches over.</summary>
public abstract record RiskMarketEvent
{
    private RiskMarketEvent()
    {
    }

    /// <summary>A trade or mark price; <see cref="RiskTick.Symbol"/> is the market key (<see cref="RiskMarkets"/>), At is filled in by the monitor.</summary>
    public sealed record Tick(RiskTick Value) : RiskMarketEvent;

    /// <summary>A closed 1-minute candle of <paramref name="Market"/> fetched over REST after a gap in the stream.</summary>
    public sealed record BackFilled(string Market, Candle Candle) : RiskMarketEvent;
}
