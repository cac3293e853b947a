using System.Globalization;
using Tally.Core;
using Tally.Exchanges.Binance.Client;
using Tally.Storage;

namespace Tally.Engine;

/// <summary>
/// USD-M <c>userTrades</c> rows carry no client order id, yet the store attributes a fill to a strategy by it. For
/// back-filled fills of orders Tally may have placed (no earlier than its first order intent on the account), the
/// id is taken from the intent that recorded the venue's order id, else asked of the venue once per order
/// (<c>GET /fapi/v1/order</c>, weight 1: a triggered take-profit or stop carries its clientAlgoId there).
/// History older than the first intent is left alone: nothing of it can be Tally's.
/// </summary>
/// <remarks>Not thread safe: one back-fill at a time uses it.</remarks>
public sealed class ClientOrderIdResolver(BinanceFuturesClient client, FillLog log, string venue, string account)
{
    private readonly Dictionary<string, string?> _known = new(StringComparer.Ordinal);

    /// <summary>The page with the client order ids that could be found filled in.</summary>
    public async Task<IReadOnlyList<Fill>> ResolveAsync(IReadOnlyList<Fill> fills, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fills);
        if (!fills.Any(f => f.ClientOrderId is null && f.OrderId is not null))
        {
            return fills;
        }

        var intents = await log.ReadIntentsAsync(venue, account, null, cancellationToken);
        if (intents.Count == 0)
        {
            return fills;
        }

        var since = intents.Min(i => i.CreatedAt) - TimeSpan.FromMinutes(1);
        foreach (var intent in intents)
        {
            if (intent.VenueOrderId is { } orderId && intent.Kind is OrderIntentKind.Market or OrderIntentKind.Limit)
            {
                _known[orderId] = intent.ClientOrderId;
            }
        }

        var resolved = new List<Fill>(fills.Count);
        foreach (var fill in fills)
        {
            if (fill.ClientOrderId is not null || fill.OrderId is not { } orderId || fill.Timestamp < since)
            {
                resolved.Add(fill);
                continue;
            }

            if (!_known.TryGetValue(orderId, out var clientOrderId) && long.TryParse(orderId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                clientOrderId = (await client.QueryOrderByIdAsync(fill.Symbol, id, cancellationToken))?.ClientOrderId;
                _known[orderId] = clientOrderId;
            }

            resolved.Add(clientOrderId is null ? fill : fill with { ClientOrderId = clientOrderId });
        }

        return resolved;
    }
}
