using Tally.Core.Attribution;

namespace Tally.Core.Risk;

/// <summary>The monitor's own record of one open strategy position. Owned by the <see cref="RiskMonitor"/>.</summary>
internal sealed class TrackedPosition(string bookId, StrategyPosition snapshot, ExposureSide side, DateTimeOffset openedAt, TimeSpan? maxHold, SymbolState symbol)
{
    /// <summary>Unique across venues, accounts and symbols (strategy position ids are unique per symbol only).</summary>
    public string BookId { get; } = bookId;

    public StrategyPosition Snapshot { get; set; } = snapshot;

    public ExposureSide Side { get; } = side;

    public DateTimeOffset OpenedAt { get; } = openedAt;

    public TimeSpan? MaxHold { get; } = maxHold;

    public SymbolState Symbol { get; } = symbol;

    /// <summary>Bumped when its take-profit or stop-loss changes, so queued levels of the old ones lapse.</summary>
    public int Version { get; set; }

    /// <summary>Set once an exit was asked for: no rule looks at it again; it waits for its closing fill.</summary>
    public RiskExitReason? ExitRequested { get; set; }

    public bool Watched => ExitRequested is null;

    /// <summary>Its take-profit / stop-loss are watched whatever the settings say (<see cref="RiskMonitor.WatchLevels"/>).</summary>
    public bool LevelsWatched { get; set; }

    /// <summary>Its symbol's last price, or its entry before any tick.</summary>
    public decimal Mark => Symbol.LastPrice ?? Snapshot.EntryPrice;

    public RiskPosition ToRiskPosition()
    {
        var mark = Mark;
        var entry = Snapshot.EntryPrice;
        var pct = entry == 0m ? 0m : (Side == ExposureSide.Long ? mark - entry : entry - mark) / entry * 100m;
        return new RiskPosition(
            BookId,
            Snapshot.StrategyId,
            Snapshot.Symbol,
            Snapshot.ExchangePositionKey,
            Side,
            OpenedAt,
            Math.Abs(ContractValue.Of(Snapshot.Instrument, mark, Snapshot.OpenQuantity)),
            Snapshot.UnrealizedPnl(mark),
            pct,
            MaxHold);
    }
}
