using Tally.Core;
using Tally.Storage;

namespace Tally.Engine.Dispatch;

/// <summary>The venue side of a dispatcher: filters, balance and prices for sizing, and the orders themselves.</summary>
public interface IOrderVenue
{
    /// <summary>False where the venue has no exchange-side take-profit/stop orders (spot): TP/SL stay on the strategy position for the risk monitor.</summary>
    bool SupportsConditionalOrders { get; }

    /// <summary>
    /// How long after a send whose outcome is unknown a lookup by client order id that finds nothing proves the
    /// request can no longer become an order, so sending the same intent again under the same client order id cannot
    /// make two orders; null when the venue gives no such bound (an order not found is then never sent again).
    /// </summary>
    TimeSpan? ResendSafeAfter => null;

    Task<PositionMode> PositionModeAsync(CancellationToken cancellationToken);

    /// <summary>The symbol's filters; null when the venue does not list it.</summary>
    Task<VenueSymbol?> SymbolAsync(string symbol, CancellationToken cancellationToken);

    Task<decimal> PriceAsync(string symbol, CancellationToken cancellationToken);

    /// <summary>What is available for new positions in <paramref name="asset"/>.</summary>
    Task<decimal> AvailableBalanceAsync(string asset, CancellationToken cancellationToken);

    Task<decimal> LeverageAsync(string symbol, CancellationToken cancellationToken);

    /// <summary>Sends the intent's order (MARKET, LIMIT, or a conditional order whose client algo id is the intent's client order id).</summary>
    Task<VenueAnswer> PlaceAsync(OrderIntent intent, CancellationToken cancellationToken);

    /// <summary>Looks the intent's order up by its client order id.</summary>
    Task<VenueAnswer> FindAsync(OrderIntent intent, CancellationToken cancellationToken);

    /// <summary>Cancels a conditional order; false when it was no longer open.</summary>
    Task<bool> CancelAsync(OrderIntent intent, CancellationToken cancellationToken);
}
