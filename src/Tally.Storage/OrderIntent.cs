using Tally.Core;
using Tally.Core.Attribution;

namespace Tally.Storage;

/// <summary>
/// An order Tally sends (a row of <c>order_intents</c>, DESIGN.md §4), committed before the request leaves, so a
/// crash between sending and the fill never loses who the fill belongs to. <see cref="ClientOrderId"/> (unique per
/// venue and account) is the key a fill is matched by; for a conditional order it is the venue's clientAlgoId, which
/// the triggered order carries as its client order id.
/// </summary>
/// <param name="Purpose">What the order is for: an entry of a strategy, or an exit of a strategy position or strategy, with its close reason.</param>
/// <param name="Price">LIMIT price, or the trigger price of a conditional order; null for MARKET.</param>
/// <param name="SignalId">The signal that caused it, if any (a force close or a risk exit has none).</param>
public sealed record OrderIntent(
    string Venue,
    string Account,
    string ClientOrderId,
    string Symbol,
    string StrategyId,
    OrderPurpose Purpose,
    OrderIntentKind Kind,
    Side Side,
    PositionSide PositionSide,
    decimal Quantity,
    decimal? Price,
    bool ReduceOnly,
    string? SignalId,
    DateTimeOffset CreatedAt,
    OrderIntentStatus Status = OrderIntentStatus.Pending,
    string? VenueOrderId = null,
    string? Detail = null,
    DateTimeOffset? UpdatedAt = null);
