using Tally.Core;

namespace Tally.Api.Queries;

/// <summary>
/// A ledger position (one per venue, account, symbol and position side) with the mark it is valued at: the latest
/// price the engine knows for its symbol (the risk monitor's last price), null when none is known.
/// </summary>
public sealed record MarkedPosition(Position Position, decimal? Mark)
{
    /// <summary>Unrealized PnL at <see cref="Mark"/>; null without a mark, 0 when flat.</summary>
    public decimal? UnrealizedPnl => Mark is { } m ? Position.UnrealizedPnl(m) : null;

    /// <summary>Notional at <see cref="Mark"/>; null without a mark, 0 when flat.</summary>
    public decimal? Notional => Mark is { } m ? Position.Notional(m) : null;
}
