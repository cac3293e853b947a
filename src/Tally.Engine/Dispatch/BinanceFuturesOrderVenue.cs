using Tally.Core;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.Storage;

namespace Tally.Engine.Dispatch;

/// <summary>
/// A Binance USD-M account as an <see cref="IOrderVenue"/>: MARKET/LIMIT on <c>/fapi/v1/order</c>,
/// TAKE_PROFIT_MARKET/STOP_MARKET on <c>/fapi/v1/algoOrder</c>; positionSide in hedge mode, reduceOnly in one-way
/// mode, exactly as the intent says. exchangeInfo is read once and again when a symbol is missing.
/// </summary>
public sealed class BinanceFuturesOrderVenue(BinanceFuturesClient client) : IOrderVenue
{
    private readonly BinanceFuturesClient _client = client ?? throw new ArgumentNullException(nameof(client));
    private BinanceFuturesExchangeInfo? _info;

    public bool SupportsConditionalOrders => true;

    /// <summary>
    /// Binance takes a signed request only while serverTime − timestamp ≤ recvWindow (and refuses a timestamp 1 s
    /// ahead), so once recvWindow, that second and a second for the measured clock offset have passed since the last
    /// attempt, an order the lookup does not find was never taken: the same client order id sent again is one order.
    /// (Client order ids are unique only among open orders, so sending sooner could make two.)
    /// </summary>
    public TimeSpan? ResendSafeAfter => TimeSpan.FromMilliseconds(_client.Options.RecvWindowMilliseconds) + TimeSpan.FromSeconds(2);

    public Task<PositionMode> PositionModeAsync(CancellationToken cancellationToken) => _client.GetPositionModeAsync(cancellationToken);

    public async Task<VenueSymbol?> SymbolAsync(string symbol, CancellationToken cancellationToken)
    {
        var found = _info?.Find(symbol);
        if (found is null)
        {
            _info = await _client.GetExchangeInfoAsync(cancellationToken);
            found = _info.Find(symbol);
        }

        return found is null
            ? null
            : new VenueSymbol(found.Symbol, found.MarginAsset ?? found.QuoteAsset ?? "USDT", found.TickSize, found.StepSize, found.MinQuantity, found.MinNotional);
    }

    public Task<decimal> PriceAsync(string symbol, CancellationToken cancellationToken) => _client.GetPriceAsync(symbol, cancellationToken);

    public async Task<decimal> AvailableBalanceAsync(string asset, CancellationToken cancellationToken) =>
        (await _client.GetBalancesAsync(cancellationToken)).FirstOrDefault(b => b.Asset == asset)?.AvailableBalance ?? 0m;

    public async Task<decimal> LeverageAsync(string symbol, CancellationToken cancellationToken) =>
        (await _client.GetPositionRiskAsync(symbol, cancellationToken)).Select(r => r.Leverage).FirstOrDefault(l => l is > 0) ?? 1;

    public async Task<VenueAnswer> PlaceAsync(OrderIntent intent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intent);
        try
        {
            return intent.Kind switch
            {
                OrderIntentKind.Market or OrderIntentKind.Limit => Known(await _client.PlaceOrderAsync(
                    new BinanceOrderRequest(
                        intent.Symbol,
                        intent.Side,
                        intent.Kind == OrderIntentKind.Limit ? BinanceOrderType.Limit : BinanceOrderType.Market,
                        intent.Quantity,
                        intent.ClientOrderId,
                        intent.Kind == OrderIntentKind.Limit ? intent.Price : null,
                        PositionSide: PositionSideOf(intent),
                        ReduceOnly: ReduceOnlyOf(intent)),
                    cancellationToken)),
                OrderIntentKind.TakeProfitMarket or OrderIntentKind.StopMarket => Known(await _client.PlaceAlgoOrderAsync(
                    new BinanceAlgoOrderRequest(
                        intent.Symbol,
                        intent.Side,
                        intent.Kind == OrderIntentKind.TakeProfitMarket ? BinanceAlgoOrderType.TakeProfitMarket : BinanceAlgoOrderType.StopMarket,
                        intent.Quantity,
                        intent.Price ?? throw new ArgumentException("A conditional intent needs its trigger price.", nameof(intent)),
                        intent.ClientOrderId,
                        PositionSideOf(intent),
                        ReduceOnlyOf(intent)),
                    cancellationToken)),
            };
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
        try
        {
            return intent.Kind switch
            {
                OrderIntentKind.Market or OrderIntentKind.Limit =>
                    await _client.QueryOrderAsync(intent.Symbol, intent.ClientOrderId, cancellationToken) is { } order ? Known(order) : new VenueAnswer.NotFound(),
                OrderIntentKind.TakeProfitMarket or OrderIntentKind.StopMarket =>
                    await _client.QueryAlgoOrderAsync(intent.ClientOrderId, cancellationToken) is { } algo ? Known(algo) : new VenueAnswer.NotFound(),
            };
        }
        catch (Exception e) when (e is BinanceApiException or HttpRequestException)
        {
            return new VenueAnswer.Unknown(e.Message);
        }
    }

    public Task<bool> CancelAsync(OrderIntent intent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intent);
        return _client.CancelAlgoOrderAsync(intent.ClientOrderId, cancellationToken);
    }

    /// <summary>Hedge mode names the book; one-way mode sends none (BOTH).</summary>
    private static PositionSide? PositionSideOf(OrderIntent intent) => intent.PositionSide == PositionSide.Both ? null : intent.PositionSide;

    /// <summary>reduceOnly is one-way only: hedge mode refuses it.</summary>
    private static bool? ReduceOnlyOf(OrderIntent intent) => intent.PositionSide == PositionSide.Both && intent.ReduceOnly ? true : null;

    private static VenueAnswer.Known Known(BinanceNewOrderResponse order) => new(
        order.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        order.Status switch
        {
            "FILLED" => OrderIntentStatus.Filled,
            "CANCELED" => OrderIntentStatus.Canceled,
            "REJECTED" => OrderIntentStatus.Rejected,
            "EXPIRED" or "EXPIRED_IN_MATCH" => OrderIntentStatus.Expired,
            _ => OrderIntentStatus.Sent,
        });

    private static VenueAnswer.Known Known(BinanceAlgoOrder algo) => new(
        algo.AlgoId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        algo.AlgoStatus switch
        {
            "TRIGGERED" or "FINISHED" => OrderIntentStatus.Triggered,
            "CANCELED" => OrderIntentStatus.Canceled,
            "REJECTED" => OrderIntentStatus.Rejected,
            "EXPIRED" => OrderIntentStatus.Expired,
            _ => OrderIntentStatus.Sent,
        });
}
