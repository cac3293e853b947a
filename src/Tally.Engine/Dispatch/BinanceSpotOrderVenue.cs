using System.Globalization;
using Tally.Core;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.Storage;

namespace Tally.Engine.Dispatch;

/// <summary>
/// A Binance spot account as an <see cref="IOrderVenue"/>: MARKET/LIMIT on <c>/api/v3/order</c>, one book per pair
/// (one-way), no leverage, balance = the quote asset's free amount. Spot has no exchange-side take-profit/stop for a
/// position (<see cref="SupportsConditionalOrders"/> is false): the levels stay on the strategy position for the
/// risk monitor to watch on every tick.
/// </summary>
public sealed class BinanceSpotOrderVenue(BinanceSpotClient client) : IOrderVenue
{
    private readonly BinanceSpotClient _client = client ?? throw new ArgumentNullException(nameof(client));
    private BinanceSpotExchangeInfo? _info;

    public bool SupportsConditionalOrders => false;

    /// <summary>
    /// Binance takes a signed request only while serverTime − timestamp ≤ recvWindow (and refuses a timestamp 1 s
    /// ahead), so once recvWindow, that second and a second for the measured clock offset have passed since the last
    /// attempt, an order the lookup does not find was never taken: the same client order id sent again is one order.
    /// (Client order ids are unique only among open orders, so sending sooner could make two.)
    /// </summary>
    public TimeSpan? ResendSafeAfter => TimeSpan.FromMilliseconds(_client.Options.RecvWindowMilliseconds) + TimeSpan.FromSeconds(2);

    public Task<PositionMode> PositionModeAsync(CancellationToken cancellationToken) => Task.FromResult(PositionMode.OneWay);

    public async Task<VenueSymbol?> SymbolAsync(string symbol, CancellationToken cancellationToken)
    {
        if (_info?.FindFilters(symbol) is null)
        {
            _info = await _client.GetExchangeInfoAsync(cancellationToken);
        }

        var pair = _info.Symbols.FirstOrDefault(s => s.Symbol == symbol);
        var filters = _info.FindFilters(symbol);
        return pair is null || filters is null
            ? null
            : new VenueSymbol(symbol, pair.QuoteAsset, filters.TickSize, filters.StepSize, filters.MinQuantity, filters.MinNotional);
    }

    public Task<decimal> PriceAsync(string symbol, CancellationToken cancellationToken) => _client.GetPriceAsync(symbol, cancellationToken);

    public async Task<decimal> AvailableBalanceAsync(string asset, CancellationToken cancellationToken) =>
        (await _client.GetAccountAsync(cancellationToken)).Balances.FirstOrDefault(b => b.Asset == asset).Free;

    public Task<decimal> LeverageAsync(string symbol, CancellationToken cancellationToken) => Task.FromResult(1m);

    public async Task<VenueAnswer> PlaceAsync(OrderIntent intent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intent);
        if (intent.Kind is OrderIntentKind.TakeProfitMarket or OrderIntentKind.StopMarket)
        {
            return new VenueAnswer.Refused(null, "spot takes no conditional orders for a position");
        }

        try
        {
            var order = await _client.PlaceOrderAsync(
                new BinanceSpotOrderRequest(
                    intent.Symbol,
                    intent.Side,
                    intent.Kind == OrderIntentKind.Limit ? BinanceSpotOrderType.Limit : BinanceSpotOrderType.Market,
                    intent.Quantity,
                    intent.ClientOrderId,
                    Price: intent.Kind == OrderIntentKind.Limit ? intent.Price : null),
                cancellationToken);
            return Known(order);
        }
        catch (BinanceApiException e) when (!e.IsExecutionUnknown && !e.IsRateLimited)
        {
            return new VenueAnswer.Refused(e.Code, e.BinanceMessage ?? e.Message);
        }
        catch (Exception e) when (e is BinanceApiException or HttpRequestException)
        {
            return new VenueAnswer.Unknown(e.Message);
        }
    }

    public async Task<VenueAnswer> FindAsync(OrderIntent intent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intent);
        if (intent.Kind is OrderIntentKind.TakeProfitMarket or OrderIntentKind.StopMarket)
        {
            return new VenueAnswer.NotFound();
        }

        try
        {
            return await _client.QueryOrderAsync(intent.Symbol, intent.ClientOrderId, cancellationToken) is { } order ? Known(order) : new VenueAnswer.NotFound();
        }
        catch (Exception e) when (e is BinanceApiException or HttpRequestException)
        {
            return new VenueAnswer.Unknown(e.Message);
        }
    }

    public Task<bool> CancelAsync(OrderIntent intent, CancellationToken cancellationToken) => Task.FromResult(false);

    private static VenueAnswer.Known Known(BinanceNewOrderResponse order) => new(
        order.OrderId.ToString(CultureInfo.InvariantCulture),
        order.Status switch
        {
            "FILLED" => OrderIntentStatus.Filled,
            "CANCELED" => OrderIntentStatus.Canceled,
            "REJECTED" => OrderIntentStatus.Rejected,
            "EXPIRED" or "EXPIRED_IN_MATCH" => OrderIntentStatus.Expired,
            _ => OrderIntentStatus.Sent,
        });
}
