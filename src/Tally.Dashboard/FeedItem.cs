using System.Globalization;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Storage;
using Tally.Storage.Live;

namespace Tally.Dashboard;

/// <summary>What the live feed shows of one event: fill, strategy position, signal or risk.</summary>
public enum FeedKind
{
    Fill,
    StrategyPosition,
    Signal,
    Risk,
}

/// <summary>One line of the dashboard's live event feed.</summary>
public sealed record FeedItem(DateTimeOffset At, FeedKind Kind, string Text)
{
    /// <summary>The lines one committed change of the log adds, in the order it made them.</summary>
    public static IEnumerable<FeedItem> Of(LogChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change switch
        {
            FillsCommitted f => OfFills(f),
            SignalRecorded s => [OfSignal(s.At, s.Signal)],
            RiskJournalled r => r.Events.Select(OfRiskEvent),
            RiskStateChanged r => [new FeedItem(r.At, FeedKind.Risk, "risk state changed from outside the engine (reset)")],
            RiskRequested r => [new FeedItem(r.At, FeedKind.Risk, $"{r.Request.Kind} requested{(r.Request.Target is { } t ? $" for {t}" : string.Empty)}")],
            _ => [],
        };
    }

    public static FeedItem OfFill(StoredFill stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var f = stored.Fill;
        var action = stored.Action is { } a ? a.ToWireName() : "stored";
        var pnl = stored.RealizedPnl is { } r && r != 0m ? $", realized {Pnl(r)}" : string.Empty;
        return new FeedItem(f.Timestamp ?? stored.IngestedAt, FeedKind.Fill, $"{f.Symbol} {f.PositionSide.ToWireName()}: {action}: {f.Side.ToWireName()} {Money(f.Quantity)} @ {Money(f.Price)}{pnl}");
    }

    public static FeedItem OfRiskEvent(StoredRiskEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var parts = new[] { e.Key, e.StrategyPositionId, e.Reason, e.Price is { } p ? "@ " + Money(p) : null }.Where(x => !string.IsNullOrEmpty(x));
        return new FeedItem(e.At, FeedKind.Risk, $"{e.Type} {string.Join(' ', parts)}".TrimEnd());
    }

    public static FeedItem OfSignal(DateTimeOffset at, StoredSignal s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var signal = s.Signal;
        return new FeedItem(at, FeedKind.Signal, $"signal {signal.SignalId} ({signal.StrategyId} {signal.Action.ToString().ToLowerInvariant()} {signal.Symbol}): {s.Decision.DecisionName}: {s.Decision.Reason}");
    }

    private static IEnumerable<FeedItem> OfFills(FillsCommitted committed)
    {
        foreach (var e in committed.Report.Positions)
        {
            var f = e.Fill;
            var after = e.SignedQuantityAfter == 0m ? "flat" : $"{Money(e.SignedQuantityAfter)} @ {Pnl(e.AverageEntryPriceAfter ?? 0m)}";
            var pnl = e.RealizedPnl != 0m ? $", realized {Pnl(e.RealizedPnl)}" : string.Empty;
            var cycle = e.ClosedCycle is { } c ? $", cycle PnL {Pnl(c.RealizedPnl)}" : string.Empty;
            yield return new FeedItem(f.Timestamp ?? committed.At, FeedKind.Fill, $"{f.Symbol} {f.PositionSide.ToWireName()}: {e.Action.ToWireName()}: {f.Side.ToWireName()} {Money(f.Quantity)} @ {Money(f.Price)} → {after}{pnl}{cycle}");
        }

        foreach (var a in committed.Report.Attribution)
        {
            var p = a.Position;
            var detail = a.Event switch
            {
                StrategyPositionEvent.Opened => $"opened {Money(p.OpenQuantity)} @ {Money(p.EntryPrice)}",
                StrategyPositionEvent.Increased => $"increased to {Money(p.OpenQuantity)} @ {Money(p.EntryPrice)}",
                StrategyPositionEvent.Reduced => $"reduced to {Money(p.OpenQuantity)}, realized {Pnl(p.RealizedPnl)}",
                StrategyPositionEvent.Closed => $"closed ({p.CloseReason?.ToWireName() ?? "?"}), net PnL {Pnl(p.NetPnl)}",
            };
            yield return new FeedItem(a.Fill.Timestamp ?? committed.At, FeedKind.StrategyPosition, $"{p.StrategyId} {p.StrategyPositionId} {p.ExchangePositionKey}: {detail}");
        }
    }

    /// <summary>PnL in a feed line: to 8 places (the tables show it exact).</summary>
    private static string Pnl(decimal value) => Money(Math.Round(value, 8));

    /// <summary>Amounts as the JSON writes them: exact, invariant, no exponent.</summary>
    public static string Money(decimal value) => DecimalText.Format(value);

    public string Time => At.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
}
