using System.Text.Json;
using Tally.Core;
using Endpoint = Tally.Exchanges.Binance.Client.BinanceRestTransport.Endpoint;
using Security = Tally.Exchanges.Binance.Client.BinanceRestTransport.Security;

namespace Tally.Exchanges.Binance.Client;

/// <summary>
/// A Binance spot REST client (binance-wire.md §2–§4, §6) with the same signing, clock offset, weight governor
/// and retry rules as <see cref="BinanceFuturesClient"/> (<see cref="BinanceRestTransport"/>), and the spot
/// user-data subscription over the WebSocket API (§8: spot listenKeys are gone).
/// </summary>
/// <remarks>
/// <c>POST /api/v3/order</c> is never retried blindly: after an unknown outcome (5xx, 408, no answer) the order
/// is looked up by its client order id and placed again only if Binance does not know it. Thread safe.
/// </remarks>
public sealed class BinanceSpotClient
{
    /// <summary>REQUEST_WEIGHT per minute of Binance spot (2026 recordings), assumed until exchangeInfo is read.</summary>
    public const int SpotWeightLimit = 6000;

    /// <summary>The most rows one <c>GET /api/v3/klines</c> answers.</summary>
    public const int MaxKlineRows = 1000;

    // Spot weights (binance-wire.md §4, Binance spot docs).
    private static readonly Endpoint Time = new(HttpMethod.Get, "api/v3/time", 1, Security.None, Idempotent: true);
    private static readonly Endpoint ExchangeInfo = new(HttpMethod.Get, "api/v3/exchangeInfo", 20, Security.None, Idempotent: true);
    private static readonly Endpoint TickerPrice = new(HttpMethod.Get, "api/v3/ticker/price", 2, Security.None, Idempotent: true);
    private static readonly Endpoint Account = new(HttpMethod.Get, "api/v3/account", 20, Security.Signed, Idempotent: true);
    private static readonly Endpoint MyTrades = new(HttpMethod.Get, "api/v3/myTrades", 20, Security.Signed, Idempotent: true);
    private static readonly Endpoint MyTradesByOrder = new(HttpMethod.Get, "api/v3/myTrades", 5, Security.Signed, Idempotent: true);
    private static readonly Endpoint NewOrder = new(HttpMethod.Post, "api/v3/order", 1, Security.Signed, Idempotent: false);
    private static readonly Endpoint QueryOrder = new(HttpMethod.Get, "api/v3/order", 4, Security.Signed, Idempotent: true);
    private static readonly Endpoint Klines = new(HttpMethod.Get, "api/v3/klines", 2, Security.None, Idempotent: true);

    // A cancel of an order already cancelled answers -2011, so repeating it after a lost answer is harmless.
    private static readonly Endpoint CancelOrder = new(HttpMethod.Delete, "api/v3/order", 1, Security.Signed, Idempotent: true);

    private readonly BinanceRestTransport _rest;
    private readonly string _apiKey;
    private readonly BinanceSigner _signer;
    private readonly TimeProvider _time;

    /// <summary>Reports the weight each answer says was used (<see cref="BinanceRestMetrics"/>); null reports nothing.</summary>
    public BinanceRestMetrics? Metrics
    {
        get => _rest.Metrics;
        init => _rest.Metrics = value;
    }

    /// <param name="http">With <see cref="HttpClient.BaseAddress"/> set to the REST base (https://api.binance.com/ or a paper exchange).</param>
    /// <param name="options">Null: the defaults with <see cref="BinanceClientOptions.DefaultWeightLimit"/> = <see cref="SpotWeightLimit"/>.</param>
    public BinanceSpotClient(HttpClient http, string apiKey, BinanceSigner signer, TimeProvider time, BinanceClientOptions? options = null)
    {
        _rest = new BinanceRestTransport(http, apiKey, signer, time, options ?? new BinanceClientOptions { DefaultWeightLimit = SpotWeightLimit }, Time);
        _apiKey = apiKey;
        _signer = signer;
        _time = time;
    }

    public BinanceWeightGovernor Governor => _rest.Governor;

    /// <summary>Exchange time minus local time, as last measured (zero before the first measurement).</summary>
    public TimeSpan ClockOffset => _rest.ClockOffset;

    /// <summary><c>GET /api/v3/time</c>; also remeasures <see cref="ClockOffset"/>.</summary>
    public Task<DateTimeOffset> GetServerTimeAsync(CancellationToken cancellationToken) => _rest.SyncClockAsync(cancellationToken);

    /// <summary>
    /// <c>GET /api/v3/exchangeInfo</c> (weight 20): rate limits and pairs. The REQUEST_WEIGHT per minute becomes
    /// the governor's limit.
    /// </summary>
    public async Task<BinanceSpotExchangeInfo> GetExchangeInfoAsync(CancellationToken cancellationToken)
    {
        var body = await _rest.SendAsync(ExchangeInfo, [], cancellationToken);
        _rest.ApplyLimits(body);
        return BinanceSpotExchangeInfo.Parse(body);
    }

    /// <summary><c>GET /api/v3/ticker/price</c> (public, weight 2): the pair's latest price.</summary>
    public async Task<decimal> GetPriceAsync(string symbol, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        var body = await _rest.SendAsync(TickerPrice, [("symbol", symbol)], cancellationToken);
        using var document = BinanceJsonObject.ParseDocument(body, "ticker price");
        return BinanceJsonObject.Of(document.RootElement, "", "ticker price").Decimal("price");
    }

    /// <summary>
    /// <c>GET /api/v3/klines</c> (public, weight 2): bars of <paramref name="interval"/> opening in
    /// [<paramref name="startTime"/>, <paramref name="endTime"/>], oldest first, at most <paramref name="limit"/>; without
    /// a start, the latest ones. The last row can be the bar still open.
    /// </summary>
    /// <param name="limit">1…1000 (spot's maximum).</param>
    public async Task<IReadOnlyList<Market.BinanceKline>> GetKlinesAsync(
        string symbol, string interval, DateTimeOffset? startTime, DateTimeOffset? endTime, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        ArgumentException.ThrowIfNullOrEmpty(interval);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxKlineRows);
        var parameters = new List<(string, string)> { ("symbol", symbol), ("interval", interval) };
        if (startTime is { } start)
        {
            parameters.Add(("startTime", BinanceRestTransport.Text(start.ToUnixTimeMilliseconds())));
        }

        if (endTime is { } end)
        {
            parameters.Add(("endTime", BinanceRestTransport.Text(end.ToUnixTimeMilliseconds())));
        }

        parameters.Add(("limit", BinanceRestTransport.Text(limit)));
        return Market.BinanceKline.ParseRows(await _rest.SendAsync(Klines, parameters, cancellationToken), symbol, interval);
    }

    /// <summary><c>GET /api/v3/account</c> (weight 20): free and locked balance per asset.</summary>
    public async Task<BinanceSpotAccount> GetAccountAsync(CancellationToken cancellationToken) =>
        BinanceSpotAccount.Parse(await _rest.SendAsync(Account, [], cancellationToken));

    /// <summary>
    /// <c>GET /api/v3/myTrades</c> (weight 20), oldest first, each row with its JSON. <paramref name="fromId"/>
    /// is inclusive and cannot be combined with times; a time window is at most 24 hours.
    /// </summary>
    /// <param name="limit">1…1000.</param>
    public async Task<IReadOnlyList<BinanceRecorded<BinanceSpotTrade>>> GetMyTradesAsync(
        string symbol, long? fromId, DateTimeOffset? startTime, DateTimeOffset? endTime, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        if (fromId is not null && (startTime is not null || endTime is not null))
        {
            throw new ArgumentException("fromId cannot be combined with startTime/endTime (Binance -1128).", nameof(fromId));
        }

        var parameters = new List<(string, string)> { ("symbol", symbol) };
        if (fromId is { } id)
        {
            parameters.Add(("fromId", BinanceRestTransport.Text(id)));
        }

        if (startTime is { } start)
        {
            parameters.Add(("startTime", BinanceRestTransport.Text(start.ToUnixTimeMilliseconds())));
        }

        if (endTime is { } end)
        {
            parameters.Add(("endTime", BinanceRestTransport.Text(end.ToUnixTimeMilliseconds())));
        }

        parameters.Add(("limit", BinanceRestTransport.Text(limit)));
        return Rows(await _rest.SendAsync(MyTrades, parameters, cancellationToken));
    }

    /// <summary><c>GET /api/v3/myTrades</c> with orderId (weight 5): the fills of one order.</summary>
    public async Task<IReadOnlyList<BinanceRecorded<BinanceSpotTrade>>> GetOrderTradesAsync(string symbol, long orderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        return Rows(await _rest.SendAsync(MyTradesByOrder, [("symbol", symbol), ("orderId", BinanceRestTransport.Text(orderId)), ("limit", "1000")], cancellationToken));
    }

    /// <summary><c>GET /api/v3/order</c> by client order id (weight 4); null when Binance does not know it (-2013).</summary>
    public async Task<BinanceNewOrderResponse?> QueryOrderAsync(string symbol, string clientOrderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        ArgumentException.ThrowIfNullOrEmpty(clientOrderId);
        try
        {
            return BinanceNewOrderResponse.Parse(await _rest.SendAsync(QueryOrder, [("symbol", symbol), ("origClientOrderId", clientOrderId)], cancellationToken));
        }
        catch (BinanceApiException e) when (e.Code == -2013)
        {
            return null;
        }
    }

    /// <summary><c>DELETE /api/v3/order</c> by client order id: the cancelled order; -2011 when it is not open.</summary>
    public async Task<BinanceNewOrderResponse> CancelOrderAsync(string symbol, string clientOrderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        ArgumentException.ThrowIfNullOrEmpty(clientOrderId);
        return BinanceNewOrderResponse.Parse(await _rest.SendAsync(CancelOrder, [("symbol", symbol), ("origClientOrderId", clientOrderId)], cancellationToken));
    }

    /// <summary>
    /// <c>POST /api/v3/order</c> with <c>newOrderRespType=RESULT</c>. When the outcome is unknown the order is
    /// looked up by its client order id and only placed again if Binance does not know it.
    /// </summary>
    /// <exception cref="BinanceApiException">Rejected (4xx, e.g. -2010 insufficient balance), or still unknown after every attempt.</exception>
    public async Task<BinanceNewOrderResponse> PlaceOrderAsync(BinanceSpotOrderRequest order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var parameters = OrderParameters(order);
        DateTimeOffset? firstSent = null;
        for (var attempt = 1; ; attempt++)
        {
            firstSent ??= _rest.ExchangeNow;
            try
            {
                return BinanceNewOrderResponse.Parse(await _rest.SendAsync(NewOrder, parameters, cancellationToken));
            }
            catch (BinanceApiException e) when (e.IsExecutionUnknown && attempt < _rest.Options.MaxAttempts)
            {
                if (await QueryOrderAsync(order.Symbol, order.ClientOrderId, cancellationToken) is { } found && IsThisOrder(found, order, firstSent.Value))
                {
                    return found;
                }

                await Task.Delay(_rest.Backoff(attempt), _time, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Opens the spot user-data subscription on the WebSocket API at <paramref name="webSocketApi"/> (e.g.
    /// wss://ws-api.binance.com:443/ws-api/v3) with <c>userDataStream.subscribe.signature</c>, signed with the
    /// measured clock. Events flow from the moment this returns.
    /// </summary>
    /// <exception cref="BinanceApiException">The subscription was refused (the reply's error code and message).</exception>
    public async Task<BinanceSpotUserDataSubscription> SubscribeUserDataAsync(Uri webSocketApi, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webSocketApi);
        if (_rest.ClockSyncs == 0)
        {
            await _rest.SyncClockAsync(cancellationToken);
        }

        return await BinanceSpotUserDataSubscription.OpenAsync(webSocketApi, _apiKey, _signer, _rest.ExchangeNow, _rest.Options.RecvWindowMilliseconds, cancellationToken);
    }

    /// <summary>
    /// Client order ids are unique only among open orders; ours has the same side and quantity and was accepted
    /// no earlier than we first sent it (less the recvWindow, which bounds our clock estimate's error).
    /// </summary>
    private bool IsThisOrder(BinanceNewOrderResponse found, BinanceSpotOrderRequest order, DateTimeOffset firstSent)
    {
        var time = found.UpdateTime ?? found.TransactTime;
        return found.Side == order.Side &&
            (order.Quantity is not { } quantity || found.OriginalQuantity == quantity) &&
            (time is not { } at || at >= (firstSent - TimeSpan.FromMilliseconds(_rest.Options.RecvWindowMilliseconds)).ToUnixTimeMilliseconds());
    }

    private static List<(string, string)> OrderParameters(BinanceSpotOrderRequest order)
    {
        var parameters = new List<(string, string)>
        {
            ("symbol", order.Symbol),
            ("side", order.Side.ToWireName()),
            ("type", order.Type switch { BinanceSpotOrderType.Market => "MARKET", BinanceSpotOrderType.Limit => "LIMIT", BinanceSpotOrderType.LimitMaker => "LIMIT_MAKER" }),
        };
        if (order.Quantity is { } quantity)
        {
            parameters.Add(("quantity", DecimalText.Format(quantity)));
        }

        switch (order.Type)
        {
            case BinanceSpotOrderType.Market:
                if (order.Price is not null || order.TimeInForce is not null)
                {
                    throw new ArgumentException("A MARKET order takes no price or timeInForce.", nameof(order));
                }

                if ((order.Quantity is null) == (order.QuoteOrderQuantity is null))
                {
                    throw new ArgumentException("A MARKET order takes a quantity or a quoteOrderQty, not both.", nameof(order));
                }

                if (order.QuoteOrderQuantity is { } quote)
                {
                    parameters.Add(("quoteOrderQty", DecimalText.Format(quote)));
                }

                break;
            case BinanceSpotOrderType.Limit or BinanceSpotOrderType.LimitMaker:
                if (order.Quantity is null || order.QuoteOrderQuantity is not null)
                {
                    throw new ArgumentException("A LIMIT order needs a quantity and takes no quoteOrderQty.", nameof(order));
                }

                parameters.Add(("price", DecimalText.Format(order.Price ?? throw new ArgumentException("A LIMIT order needs a price.", nameof(order)))));
                if (order.Type == BinanceSpotOrderType.Limit)
                {
                    parameters.Add(("timeInForce", order.TimeInForce ?? "GTC"));
                }
                else if (order.TimeInForce is not null)
                {
                    throw new ArgumentException("A LIMIT_MAKER order takes no timeInForce.", nameof(order));
                }

                break;
        }

        parameters.Add(("newClientOrderId", order.ClientOrderId));
        parameters.Add(("newOrderRespType", "RESULT"));
        return parameters;
    }

    private static List<BinanceRecorded<BinanceSpotTrade>> Rows(string body)
    {
        using var document = JsonDocument.Parse(body);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("Binance myTrades: the body is not an array");
        }

        return [.. document.RootElement.EnumerateArray().Select(row =>
        {
            var raw = row.GetRawText();
            return new BinanceRecorded<BinanceSpotTrade>(BinanceSpotTrade.Parse(raw), raw);
        })];
    }
}
