using Tally.Core.Signals;

namespace Tally.Cli.Demo;

/// <summary>What a demo rule wants on a price: an entry with its confidence and absolute take-profit and stop-loss prices.</summary>
public sealed record DemoCall(SignalAction Action, decimal Confidence, decimal TakeProfit, decimal StopLoss);

/// <summary>
/// One of <c>tally demo</c>'s three small strategies, as a pure rule over the last prices of one symbol (oldest first,
/// the last one the price now): the same prices always give the same calls. Take-profit and stop-loss are fractions of
/// the price now. <see cref="DemoStrategy"/> keeps the history and the cooldown between calls.
/// </summary>
public abstract class DemoRule
{
    protected DemoRule(string strategyId, int history, int cooldown, decimal takeProfit, decimal stopLoss)
    {
        StrategyId = strategyId;
        History = history;
        Cooldown = cooldown;
        TakeProfitFraction = takeProfit;
        StopLossFraction = stopLoss;
    }

    public string StrategyId { get; }

    /// <summary>How many prices <see cref="Decide"/> looks at (the price now included).</summary>
    public int History { get; }

    /// <summary>Prices to let pass after a call before the next one on the same symbol.</summary>
    public int Cooldown { get; }

    public decimal TakeProfitFraction { get; }

    public decimal StopLossFraction { get; }

    /// <summary>The call for these prices (exactly <see cref="History"/> of them, oldest first), or null.</summary>
    public abstract DemoCall? Decide(IReadOnlyList<decimal> prices);

    /// <summary>A buy or sell at the price now with this rule's take-profit and stop-loss distances.</summary>
    protected DemoCall Enter(SignalAction action, decimal price, decimal confidence) => action switch
    {
        SignalAction.Buy => new DemoCall(action, confidence, price * (1 + TakeProfitFraction), price * (1 - StopLossFraction)),
        SignalAction.Sell => new DemoCall(action, confidence, price * (1 - TakeProfitFraction), price * (1 + StopLossFraction)),
        SignalAction.Close => new DemoCall(action, confidence, price, price),
    };

    /// <summary>0.5 at the threshold, rising with the strength of the move, at most 0.95.</summary>
    protected static decimal Confidence(decimal strength, decimal threshold) =>
        Math.Round(Math.Min(0.95m, 0.5m + (0.1m * ((Math.Abs(strength) / threshold) - 1))), 2);
}

/// <summary>
/// <c>momentum</c>: the price moved at least <see cref="Threshold"/> over the window → follow it (buy after a rise,
/// sell after a fall). TP 0.30 %, SL 0.20 %.
/// </summary>
public sealed class MomentumRule(int window = 20, decimal threshold = 0.0015m) : DemoRule("momentum", window + 1, 40, 0.0030m, 0.0020m)
{
    public decimal Threshold { get; } = threshold;

    public override DemoCall? Decide(IReadOnlyList<decimal> prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        var now = prices[^1];
        var change = (now / prices[0]) - 1;
        return change >= Threshold ? Enter(SignalAction.Buy, now, Confidence(change, Threshold))
            : change <= -Threshold ? Enter(SignalAction.Sell, now, Confidence(change, Threshold))
            : null;
    }
}

/// <summary>
/// <c>mean-reversion</c>: the price is at least <see cref="Band"/> away from its mean over the window → bet on the
/// way back (buy below, sell above). TP 0.20 %, SL 0.25 %.
/// </summary>
public sealed class MeanReversionRule(int window = 40, decimal band = 0.0020m) : DemoRule("mean-reversion", window, 40, 0.0020m, 0.0025m)
{
    public decimal Band { get; } = band;

    public override DemoCall? Decide(IReadOnlyList<decimal> prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        var now = prices[^1];
        var mean = prices.Sum() / prices.Count;
        var away = (now / mean) - 1;
        return away <= -Band ? Enter(SignalAction.Buy, now, Confidence(away, Band))
            : away >= Band ? Enter(SignalAction.Sell, now, Confidence(away, Band))
            : null;
    }
}

/// <summary>
/// <c>breakout</c>: the price breaks above the highest (or below the lowest) of the window before it → trade the
/// break. TP 0.40 %, SL 0.20 %.
/// </summary>
public sealed class BreakoutRule(int window = 30) : DemoRule("breakout", window + 1, 60, 0.0040m, 0.0020m)
{
    public override DemoCall? Decide(IReadOnlyList<decimal> prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        var now = prices[^1];
        decimal high = decimal.MinValue, low = decimal.MaxValue;
        for (var i = 0; i < prices.Count - 1; i++)
        {
            high = Math.Max(high, prices[i]);
            low = Math.Min(low, prices[i]);
        }

        return now > high ? Enter(SignalAction.Buy, now, 0.7m)
            : now < low ? Enter(SignalAction.Sell, now, 0.7m)
            : null;
    }
}

/// <summary>
/// A rule on one symbol: keeps the last <see cref="DemoRule.History"/> prices and lets <see cref="DemoRule.Cooldown"/>
/// prices pass after each call. Deterministic: the same prices give the same calls at the same steps.
/// </summary>
public sealed class DemoStrategy(DemoRule rule, string symbol)
{
    private readonly Queue<decimal> _prices = new();
    private int _quiet;

    public DemoRule Rule { get; } = rule;

    public string Symbol { get; } = symbol;

    /// <summary>Takes the next price; the rule's call when it makes one now.</summary>
    public DemoCall? OnPrice(decimal price)
    {
        _prices.Enqueue(price);
        if (_prices.Count > Rule.History)
        {
            _prices.Dequeue();
        }

        if (_quiet > 0)
        {
            _quiet--;
            return null;
        }

        if (_prices.Count < Rule.History || Rule.Decide([.. _prices]) is not { } call)
        {
            return null;
        }

        _quiet = Rule.Cooldown;
        return call;
    }
}
