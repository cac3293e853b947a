using Tally.Core.Attribution;

namespace Tally.Core.Risk;

/// <summary>The monitor's own record of one open strategy position. Owned by the <see cref="RiskMonitor"/>.</summary>
internal sealed class TrackedPosition(string bookId, StrategyPosition snapshot, ExposureSide side, DateTimeOffset openedAt, TimeSpan? maxHold, SymbolState symbol)
{
    /// <summary>Unique across venues, accounts and symbols (strategy position ids are unique per symbol only).</summary>
    public string BookId { get; } = bookId;

    private StrategyPosition _snapshot = snapshot;
    private RiskExitReason? _exitRequested;

    public StrategyPosition Snapshot
    {
        get => _snapshot;
        set
        {
            var before = _snapshot;
            _snapshot = value;
            if (!ReferenceEquals(before, value))
            {
                Portfolio?.Changed(this);
            }
        }
    }

    public ExposureSide Side { get; } = side;

    public DateTimeOffset OpenedAt { get; } = openedAt;

    public TimeSpan? MaxHold { get; } = maxHold;

    public SymbolState Symbol { get; } = symbol;

    /// <summary>Bumped when its take-profit or stop-loss changes, so queued levels of the old ones lapse.</summary>
    public int Version { get; set; }

    /// <summary>Set once an exit was asked for: no rule looks at it again; it waits for its closing fill.</summary>
    public RiskExitReason? ExitRequested
    {
        get => _exitRequested;
        set
        {
            var watched = _exitRequested is null;
            _exitRequested = value;
            if (watched && value is not null)
            {
                Portfolio?.Unwatched(this);
            }
        }
    }

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

    // The PortfolioBook's bookkeeping (null / false while not in a book).
    public PortfolioBook? Portfolio { get; set; }

    public PortfolioGroup? Group { get; set; }

    /// <summary>The open quantity its group summed (the snapshot may have changed since).</summary>
    public decimal BookedQuantity { get; set; }

    /// <summary>Counted among its group's watched positions (break-evens, watched quantity).</summary>
    public bool InBreakEvens { get; set; }

    /// <summary>cost/(q·m): a long is not losing at a price ≥ it, a short at a price ≤ it.</summary>
    public decimal BreakEven { get; set; }

    /// <summary>Counted as younger than half its maximum hold time at the last evaluation.</summary>
    public bool Young { get; set; }
}
