using System.Globalization;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Core.Risk;
using Tally.Storage;
using Tally.Storage.Live;

namespace Tally.Notifications;

/// <summary>One message to send, before it is addressed to chats and webhooks: what it is about and its text.</summary>
/// <param name="Kind"><c>position</c>, <c>strategy</c>, <c>risk</c> or <c>reply</c>.</param>
public sealed record Notification(string Kind, DateTimeOffset At, string Text);

/// <summary>
/// The wording of every notification, as pure functions of what the log published: one message per position action
/// (its own words per action), one per strategy position closed, one per risk event worth a person's attention.
/// </summary>
public static class NotificationText
{
    /// <summary>Every message one committed change gives, in order: position actions, then strategy closes, then risk events.</summary>
    public static IReadOnlyList<Notification> For(LogChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change switch
        {
            FillsCommitted fills =>
            [
                .. fills.Report.Positions.Select(p => new Notification("position", p.Fill.Timestamp ?? fills.At, Position(p))),
                .. fills.Report.Attribution.Where(a => a.Event == StrategyPositionEvent.Closed).Select(a => new Notification("strategy", a.Position.ExitTime ?? fills.At, StrategyClosed(a.Position))),
            ],
            RiskJournalled risk => [.. risk.Events.Select(e => Risk(e) is { } text ? new Notification("risk", e.At, text) : null).OfType<Notification>()],
            _ => [],
        };
    }

    /// <summary>What one fill did to its exchange position, in the action's own words.</summary>
    public static string Position(PositionEffect effect)
    {
        ArgumentNullException.ThrowIfNull(effect);
        var f = effect.Fill;
        var traded = $"{(f.Side == Core.Side.Buy ? "bought" : "sold")} {Qty(f.Quantity)} @ {Price(f.Price)}";
        var after = Math.Abs(effect.SignedQuantityAfter);
        var average = effect.AverageEntryPriceAfter is { } avg ? Price(avg) : "-";
        var where = Where(f);
        return effect.Action switch
        {
            PositionAction.LongOpened => $"{f.Symbol} long opened: {traded}{where}",
            PositionAction.ShortOpened => $"{f.Symbol} short opened: {traded}{where}",
            PositionAction.LongIncreased => $"{f.Symbol} long increased: {traded}; now {Qty(after)}, average entry {average}{where}",
            PositionAction.ShortIncreased => $"{f.Symbol} short increased: {traded}; now {Qty(after)}, average entry {average}{where}",
            PositionAction.LongReduced => $"{f.Symbol} long reduced: {traded}, PnL {Money(effect.RealizedPnl)}; {Qty(after)} left at {average}{where}",
            PositionAction.ShortReduced => $"{f.Symbol} short reduced: {traded}, PnL {Money(effect.RealizedPnl)}; {Qty(after)} left at {average}{where}",
            PositionAction.LongClosed => $"{f.Symbol} long closed: {traded}; cycle PnL {CyclePnl(effect)}{where}",
            PositionAction.ShortClosed => $"{f.Symbol} short closed: {traded}; cycle PnL {CyclePnl(effect)}{where}",
            PositionAction.LongClosedAndShortOpened => $"{f.Symbol} flipped long to short: {traded}; long cycle PnL {CyclePnl(effect)}; now short {Qty(after)} @ {average}{where}",
            PositionAction.ShortClosedAndLongOpened => $"{f.Symbol} flipped short to long: {traded}; short cycle PnL {CyclePnl(effect)}; now long {Qty(after)} @ {average}{where}",
        };
    }

    /// <summary>A strategy position closed: whose, why, PnL and PnL %.</summary>
    public static string StrategyClosed(StrategyPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        var reason = position.CloseReason is { } r ? Reason(r) : "closed";
        var pct = position.RealizedPnlPct is { } p ? $" ({Signed(Math.Round(p, 2))} %)" : string.Empty;
        var fees = position.Fees == 0m ? string.Empty : $", net {Money(position.NetPnl)} after fees";
        var exit = position.ExitPrice is { } x ? $" @ {Price(x)}" : string.Empty;
        return $"Strategy {position.StrategyId}: {position.Symbol} {Side(position.Side)} closed by {reason}{exit}, PnL {Money(position.RealizedPnl)}{pct}{fees} [{position.StrategyPositionId}]";
    }

    /// <summary>A risk event in words; null for the monitor's bookkeeping (position opened, updated, closed), which the fills already tell.</summary>
    public static string? Risk(StoredRiskEvent riskEvent)
    {
        ArgumentNullException.ThrowIfNull(riskEvent);
        if (!Enum.TryParse<RiskEventType>(riskEvent.Type, ignoreCase: false, out var type))
        {
            return $"Risk: {riskEvent.Type}: {riskEvent.Detail}";
        }

        var subject = riskEvent.StrategyPositionId is { } id ? $" [{id}]" : riskEvent.Key is { } key ? $" [{key}]" : string.Empty;
        var price = riskEvent.Price is { } at ? $" @ {Price(at)}" : string.Empty;
        string? headline = type switch
        {
            RiskEventType.PositionOpened or RiskEventType.PositionUpdated or RiskEventType.PositionClosed => null,
            RiskEventType.DumpDetected => "dump detected",
            RiskEventType.CorrelatedDumpDetected => "correlated dump detected",
            RiskEventType.PortfolioHealthDegraded => "portfolio health degraded",
            RiskEventType.CircuitBreakerTriggered => "circuit breaker triggered",
            RiskEventType.MaxHoldTimeExceeded => "maximum hold time exceeded",
            RiskEventType.ForceExitRequired => "exit required",
            RiskEventType.StopNewEntries => "new entries stopped",
            RiskEventType.StopAllTrading => "all trading stopped",
        };
        return headline is null ? null : $"Risk: {headline}{subject}{price}: {riskEvent.Detail}";
    }

    /// <summary>A close reason in words (take profit, stop loss, trailing stop …).</summary>
    public static string Reason(CloseReason reason) => reason.ToWireName().Replace('_', ' ');

    /// <summary>A quantity as Tally writes decimals (no trailing zeros).</summary>
    public static string Qty(decimal value) => DecimalText.Format(value);

    /// <summary>A price with about six significant digits in the whole part, at least two decimals kept when they matter.</summary>
    public static string Price(decimal value)
    {
        var whole = Math.Abs(Math.Truncate(value));
        var digits = whole == 0m ? 0 : whole.ToString(CultureInfo.InvariantCulture).Length;
        return DecimalText.Format(Math.Round(value, Math.Clamp(6 - digits, 2, 8), MidpointRounding.AwayFromZero));
    }

    /// <summary>Money with its sign and two to four decimals (+3.00, −0.0125).</summary>
    public static string Money(decimal value) =>
        Signed(Math.Round(value, 4, MidpointRounding.AwayFromZero));

    private static string Signed(decimal value) =>
        (value > 0m ? "+" : string.Empty) + value.ToString("0.00##", CultureInfo.InvariantCulture);

    private static string CyclePnl(PositionEffect effect) =>
        effect.ClosedCycle is { } cycle ? Money(cycle.RealizedPnl) : Money(effect.RealizedPnl);

    private static string Side(PositionDirection side) => side switch
    {
        PositionDirection.Long => "long",
        PositionDirection.Short => "short",
        PositionDirection.Flat => "flat",
    };

    /// <summary>The account, unless it is the default one.</summary>
    private static string Where(Fill fill) =>
        fill.Venue == Fill.DefaultVenue && fill.Account == Fill.DefaultAccount ? string.Empty : $" ({fill.Venue}/{fill.Account})";
}
