using System.Text.Json;
using Tally.Core;
using Endpoint = Tally.Exchanges.Binance.Client.BinanceRestTransport.Endpoint;
using Security = Tally.Exchanges.Binance.Client.BinanceRestTransport.Security;

namespace Tally.Exchanges.Binance.Client;

/// <summary>
/// A Binance USD-M futures REST client (binance-wire.md §2–§5, §7.1): signs USER_DATA/TRADE calls with a
/// timestamp from a measured clock offset, stays under the IP weight limit (<see cref="Governor"/>), retries
/// what is safe to retry, and never places an order twice.
/// </summary>
/// <remarks>
/// Signing, weights and retries are <see cref="BinanceRestTransport"/>'s, shared with <see cref="BinanceSpotClient"/>.
/// <c>POST /fapi/v1/order</c> is not retried blindly: after an unknown outcome the order is looked up by its
/// client order id first. Thread safe.
/// </remarks>
public sealed class BinanceFuturesClient
{
    // Endpoint weights (binance-wire.md §4; paper exchange README). POST order costs no IP weight.
    private static readonly Endpoint Time = new(HttpMethod.Get, "fapi/v1/time", 1, Security.None, Idempotent: true);
    private static readonly Endpoint ExchangeInfo = new(HttpMethod.Get, "fapi/v1/exchangeInfo", 1, Security.None, Idempotent: true);
    private static readonly Endpoint UserTrades = new(HttpMethod.Get, "fapi/v1/userTrades", 5, Security.Signed, Idempotent: true);
    private static readonly Endpoint PositionRisk = new(HttpMethod.Get, "fapi/v2/positionRisk", 5, Security.Signed, Idempotent: true);
    private static readonly Endpoint NewOrder = new(HttpMethod.Post, "fapi/v1/order", 0, Security.Signed, Idempotent: false);
    private static readonly Endpoint QueryOrder = new(HttpMethod.Get, "fapi/v1/order", 1, Security.Signed, Idempotent: true);
    private static readonly Endpoint CreateListenKey = new(HttpMethod.Post, "fapi/v1/listenKey", 1, Security.ApiKey, Idempotent: true);
    private static readonly Endpoint KeepAliveListenKey = new(HttpMethod.Put, "fapi/v1/listenKey", 1, Security.ApiKey, Idempotent: true);
    private static readonly Endpoint Income = new(HttpMethod.Get, "fapi/v1/income", 30, Security.Signed, Idempotent: true);
    private static readonly Endpoint FundingRate = new(HttpMethod.Get, "fapi/v1/fundingRate", 1, Security.None, Idempotent: true);
    private static readonly Endpoint[] Klines =
    [
        new(HttpMethod.Get, "fapi/v1/klines", 1, Security.None, Idempotent: true),
        new(HttpMethod.Get, "fapi/v1/klines", 2, Security.None, Idempotent: true),
        new(HttpMethod.Get, "fapi/v1/klines", 5, Security.None, Idempotent: true),
        new(HttpMethod.Get, "fapi/v1/klines", 10, Security.None, Idempotent: true),
    ];

    private static readonly Endpoint PositionSideDual = new(HttpMethod.Get, "fapi/v1/positionSide/dual", 30, Security.Signed, Idempotent: true);
    private static readonly Endpoint TickerPrice = new(HttpMethod.Get, "fapi/v1/ticker/price", 1, Security.None, Idempotent: true);
    private static readonly Endpoint Balance = new(HttpMethod.Get, "fapi/v2/balance", 5, Security.Signed, Idempotent: true);
    private static readonly Endpoint NewAlgoOrder = new(HttpMethod.Post, "fapi/v1/algoOrder", 0, Security.Signed, Idempotent: false);
    private static readonly Endpoint QueryAlgoOrder = new(HttpMethod.Get, "fapi/v1/algoOrder", 1, Security.Signed, Idempotent: true);
    private static readonly Endpoint CancelAlgoOrder = new(HttpMethod.Delete, "fapi/v1/algoOrder", 1, Security.Signed, Idempotent: true);

    private readonly BinanceRestTransport _rest;
    private readonly TimeProvider _time;
    private readonly BinanceClientOptions _options;

    /// <summary>Reports the weight each answer says was used (<see cref="BinanceRestMetrics"/>); null reports nothing.</summary>
    public BinanceRestMetrics? Metrics
    {
        get => _rest.Metrics;
        init => _rest.Metrics = value;
    }

    /// <param name="http">With <see cref="HttpClient.BaseAddress"/> set to the REST base (https://fapi.binance.com/ or a paper exchange).</param>
    public BinanceFuturesClient(HttpClient http, string apiKey, BinanceSigner signer, TimeProvider time, BinanceClientOptions? options = null)
    {
        _rest = new BinanceRestTransport(http, apiKey, signer, time, options, Time);
        _time = time;
        _options = _rest.Options;
    }

    public BinanceWeightGovernor Governor => _rest.Governor;

    /// <summary>The tuning this client runs with (recvWindow, attempts, backoff).</summary>
    public BinanceClientOptions Options => _options;

    /// <summary>Exchange time minus local time, as last measured (zero before the first measurement).</summary>
    public TimeSpan ClockOffset => _rest.ClockOffset;

    /// <summary>How many times the clock offset was measured (the first signed call measures it; a -1021 remeasures).</summary>
    public int ClockSyncs => _rest.ClockSyncs;

    /// <summary><c>GET /fapi/v1/time</c>; also remeasures <see cref="ClockOffset"/> from the round trip's midpoint.</summary>
    public Task<DateTimeOffset> GetServerTimeAsync(CancellationToken cancellationToken) => _rest.SyncClockAsync(cancellationToken);

    /// <summary><c>GET /fapi/v1/exchangeInfo</c> rateLimits; the REQUEST_WEIGHT per minute becomes the governor's limit.</summary>
    public async Task<IReadOnlyList<BinanceRateLimit>> GetExchangeInfoLimitsAsync(CancellationToken cancellationToken) =>
        _rest.ApplyLimits(await SendAsync(ExchangeInfo, [], cancellationToken));

    /// <summary>
    /// <c>GET /fapi/v1/exchangeInfo</c>: rate limits (the REQUEST_WEIGHT per minute becomes the governor's limit)
    /// and every symbol's filters (tick size, step size, minimum quantity and notional) for sizing orders.
    /// </summary>
    public async Task<BinanceFuturesExchangeInfo> GetExchangeInfoAsync(CancellationToken cancellationToken)
    {
        var body = await SendAsync(ExchangeInfo, [], cancellationToken);
        _rest.ApplyLimits(body);
        return BinanceFuturesExchangeInfo.Parse(body);
    }

    /// <summary><c>GET /fapi/v1/ticker/price</c> (public, weight 1): the symbol's latest price.</summary>
    public async Task<decimal> GetPriceAsync(string symbol, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        var body = await SendAsync(TickerPrice, [("symbol", symbol)], cancellationToken);
        using var document = BinanceJsonObject.ParseDocument(body, "ticker price");
        return BinanceJsonObject.Of(document.RootElement, "", "ticker price").Decimal("price");
    }

    /// <summary><c>GET /fapi/v2/balance</c> (weight 5): wallet and available balance per asset.</summary>
    public async Task<IReadOnlyList<BinanceFuturesAssetBalance>> GetBalancesAsync(CancellationToken cancellationToken) =>
        BinanceFuturesAssetBalance.ParseList(await SendAsync(Balance, [], cancellationToken));

    /// <summary>
    /// <c>POST /fapi/v1/algoOrder</c> (algoType CONDITIONAL): a TAKE_PROFIT_MARKET or STOP_MARKET for a quantity.
    /// When the outcome is unknown the order is looked up by its clientAlgoId and only placed again if Binance does
    /// not know it.
    /// </summary>
    /// <exception cref="BinanceApiException">Rejected (4xx: -2021 would trigger at once, -4061 position side …), or still unknown after every attempt.</exception>
    public async Task<BinanceAlgoOrder> PlaceAlgoOrderAsync(BinanceAlgoOrderRequest order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var parameters = new List<(string, string)>
        {
            ("algoType", "CONDITIONAL"),
            ("symbol", order.Symbol),
            ("side", order.Side.ToWireName()),
            ("type", order.Type switch { BinanceAlgoOrderType.TakeProfitMarket => "TAKE_PROFIT_MARKET", BinanceAlgoOrderType.StopMarket => "STOP_MARKET" }),
        };
        if (order.PositionSide is { } positionSide)
        {
            parameters.Add(("positionSide", positionSide.ToWireName()));
        }

        parameters.Add(("quantity", DecimalText.Format(order.Quantity)));
        parameters.Add(("triggerPrice", DecimalText.Format(order.TriggerPrice)));
        if (order.ReduceOnly is { } reduceOnly)
        {
            parameters.Add(("reduceOnly", reduceOnly ? "true" : "false"));
        }

        parameters.Add(("clientAlgoId", order.ClientAlgoId));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return BinanceAlgoOrder.Parse(await SendAsync(NewAlgoOrder, parameters, cancellationToken));
            }
            catch (BinanceApiException e) when (e.IsExecutionUnknown && attempt < _options.MaxAttempts)
            {
                if (await QueryAlgoOrderAsync(order.ClientAlgoId, cancellationToken) is { } found && found.Side == order.Side && found.Quantity == order.Quantity)
                {
                    return found;
                }

                await Task.Delay(_rest.Backoff(attempt), _time, cancellationToken);
            }
        }
    }

    /// <summary><c>GET /fapi/v1/algoOrder</c> by clientAlgoId; null when Binance does not know it (-2013).</summary>
    public async Task<BinanceAlgoOrder?> QueryAlgoOrderAsync(string clientAlgoId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientAlgoId);
        try
        {
            return BinanceAlgoOrder.Parse(await SendAsync(QueryAlgoOrder, [("clientAlgoId", clientAlgoId)], cancellationToken));
        }
        catch (BinanceApiException e) when (e.Code == -2013)
        {
            return null;
        }
    }

    /// <summary>
    /// <c>DELETE /fapi/v1/algoOrder</c> by clientAlgoId: true when it was cancelled, false when it was not open
    /// (-2011: already triggered, cancelled or unknown).
    /// </summary>
    public async Task<bool> CancelAlgoOrderAsync(string clientAlgoId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientAlgoId);
        try
        {
            await SendAsync(CancelAlgoOrder, [("clientAlgoId", clientAlgoId)], cancellationToken);
            return true;
        }
        catch (BinanceApiException e) when (e.Code is -2011 or -2013)
        {
            return false;
        }
    }

    /// <summary>
    /// <c>GET /fapi/v1/userTrades</c> (weight 5), oldest first, each row with its JSON. <paramref name="fromId"/>
    /// (inclusive) cannot be combined with times; a time window is at most 7 days.
    /// </summary>
    /// <param name="limit">1…1000.</param>
    public async Task<IReadOnlyList<BinanceRecorded<BinanceUserTrade>>> GetUserTradesAsync(
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
            parameters.Add(("fromId", Text(id)));
        }

        if (startTime is { } start)
        {
            parameters.Add(("startTime", Text(start.ToUnixTimeMilliseconds())));
        }

        if (endTime is { } end)
        {
            parameters.Add(("endTime", Text(end.ToUnixTimeMilliseconds())));
        }

        parameters.Add(("limit", Text(limit)));
        var body = await SendAsync(UserTrades, parameters, cancellationToken);
        using var document = JsonDocument.Parse(body);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("Binance userTrades: the body is not an array");
        }

        return [.. document.RootElement.EnumerateArray().Select(row =>
        {
            var raw = row.GetRawText();
            return new BinanceRecorded<BinanceUserTrade>(BinanceUserTrade.Parse(raw), raw);
        })];
    }

    /// <summary><c>GET /fapi/v2/positionRisk</c> (weight 5): every symbol (or one) and side, flat rows included.</summary>
    public async Task<IReadOnlyList<BinancePositionRisk>> GetPositionRiskAsync(string? symbol, CancellationToken cancellationToken)
    {
        var body = await SendAsync(PositionRisk, symbol is null ? [] : [("symbol", symbol)], cancellationToken);
        return BinancePositionRisk.ParseList(body);
    }

    /// <summary>
    /// <c>GET /fapi/v1/income</c> (weight 30), ascending by time, each row with its JSON. Every filter is optional;
    /// both times are inclusive; <paramref name="page"/> (from 1) skips (page − 1) × limit rows of the same query.
    /// Without times Binance answers only the last 7 days.
    /// </summary>
    /// <param name="incomeType">A wire name such as <see cref="BinanceIncome.FundingFee"/>; null for every type.</param>
    /// <param name="limit">1…1000.</param>
    public async Task<IReadOnlyList<BinanceRecorded<BinanceIncome>>> GetIncomeAsync(
        string? symbol, string? incomeType, DateTimeOffset? startTime, DateTimeOffset? endTime, int limit, CancellationToken cancellationToken, int? page = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        if (page is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(page), page, "page counts from 1");
        }

        var parameters = new List<(string, string)>();
        if (symbol is not null)
        {
            parameters.Add(("symbol", symbol));
        }

        if (incomeType is not null)
        {
            parameters.Add(("incomeType", incomeType));
        }

        AddTimes(parameters, startTime, endTime);
        if (page is { } p)
        {
            parameters.Add(("page", Text(p)));
        }

        parameters.Add(("limit", Text(limit)));
        return Recorded(await SendAsync(Income, parameters, cancellationToken), "income", BinanceIncome.Parse);
    }

    /// <summary><c>GET /fapi/v1/fundingRate</c> (public, weight 1): settled rates of one symbol, ascending by funding time; times inclusive.</summary>
    /// <param name="limit">1…1000.</param>
    public async Task<IReadOnlyList<BinanceFundingRate>> GetFundingRatesAsync(
        string symbol, DateTimeOffset? startTime, DateTimeOffset? endTime, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        var parameters = new List<(string, string)> { ("symbol", symbol) };
        AddTimes(parameters, startTime, endTime);
        parameters.Add(("limit", Text(limit)));
        return BinanceFundingRate.ParseList(await SendAsync(FundingRate, parameters, cancellationToken));
    }

    /// <summary>
    /// <c>GET /fapi/v1/klines</c> (public; weight by limit: under 100 → 1, under 500 → 2, up to 1000 → 5, more → 10):
    /// bars of one symbol opening from <paramref name="startTime"/> to <paramref name="endTime"/> (both optional; none →
    /// the latest), oldest first; the last can be the bar still open.
    /// </summary>
    /// <param name="interval">1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d, 3d, 1w, 1M.</param>
    /// <param name="limit">1…1500.</param>
    public async Task<IReadOnlyList<Market.BinanceKline>> GetKlinesAsync(
        string symbol, string interval, DateTimeOffset? startTime, DateTimeOffset? endTime, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        ArgumentException.ThrowIfNullOrEmpty(interval);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1500);
        var parameters = new List<(string, string)> { ("symbol", symbol), ("interval", interval) };
        AddTimes(parameters, startTime, endTime);
        parameters.Add(("limit", Text(limit)));
        var endpoint = Klines[limit switch { < 100 => 0, < 500 => 1, <= 1000 => 2, _ => 3 }];
        return Market.BinanceKline.ParseRows(await SendAsync(endpoint, parameters, cancellationToken), symbol, interval);
    }

    /// <summary><c>GET /fapi/v1/positionSide/dual</c> (weight 30): hedge or one-way, for every symbol of the account.</summary>
    public async Task<PositionMode> GetPositionModeAsync(CancellationToken cancellationToken) =>
        BinancePositionModeResponse.Parse(await SendAsync(PositionSideDual, [], cancellationToken)).Mode;

    /// <summary><c>GET /fapi/v1/order</c> by client order id; null when Binance does not know it (-2013).</summary>
    public async Task<BinanceNewOrderResponse?> QueryOrderAsync(string symbol, string clientOrderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        ArgumentException.ThrowIfNullOrEmpty(clientOrderId);
        try
        {
            var body = await SendAsync(QueryOrder, [("symbol", symbol), ("origClientOrderId", clientOrderId)], cancellationToken);
            return BinanceNewOrderResponse.Parse(body);
        }
        catch (BinanceApiException e) when (e.Code == -2013)
        {
            return null;
        }
    }

    /// <summary><c>GET /fapi/v1/order</c> by the venue's order id; null when Binance does not know it (-2013).</summary>
    public async Task<BinanceNewOrderResponse?> QueryOrderByIdAsync(string symbol, long orderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        try
        {
            var body = await SendAsync(QueryOrder, [("symbol", symbol), ("orderId", Text(orderId))], cancellationToken);
            return BinanceNewOrderResponse.Parse(body);
        }
        catch (BinanceApiException e) when (e.Code == -2013)
        {
            return null;
        }
    }

    /// <summary>
    /// <c>POST /fapi/v1/order</c> with <c>newOrderRespType=RESULT</c>. When the outcome is unknown (5xx, 408, no
    /// answer) the order is looked up by its client order id and only placed again if Binance does not know it,
    /// so one request never becomes two orders.
    /// </summary>
    /// <exception cref="BinanceApiException">Rejected (4xx), or still unknown after every attempt.</exception>
    public async Task<BinanceNewOrderResponse> PlaceOrderAsync(BinanceOrderRequest order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var parameters = OrderParameters(order);
        DateTimeOffset? firstSent = null;
        for (var attempt = 1; ; attempt++)
        {
            firstSent ??= _time.GetUtcNow() + ClockOffset;
            try
            {
                var body = await SendAsync(NewOrder, parameters, cancellationToken);
                return BinanceNewOrderResponse.Parse(body);
            }
            catch (BinanceApiException e) when (e.IsExecutionUnknown && attempt < _options.MaxAttempts)
            {
                // The order may stand. Ask before sending it again (the lookup itself retries its own 5xx).
                if (await QueryOrderAsync(order.Symbol, order.ClientOrderId, cancellationToken) is { } found && IsThisOrder(found, order, firstSent.Value))
                {
                    return found;
                }

                await Task.Delay(_rest.Backoff(attempt), _time, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Client order ids are unique only among open orders, so a lookup can find an older, finished order that
    /// reused the id. Ours has the same side and quantity and was last updated no earlier than we first sent it
    /// (less the recvWindow, which bounds how far our estimate of the exchange clock may be off).
    /// </summary>
    private bool IsThisOrder(BinanceNewOrderResponse found, BinanceOrderRequest order, DateTimeOffset firstSent) =>
        found.Side == order.Side &&
        found.OriginalQuantity == order.Quantity &&
        (found.UpdateTime is not { } updated ||
         updated >= (firstSent - TimeSpan.FromMilliseconds(_options.RecvWindowMilliseconds)).ToUnixTimeMilliseconds());

    /// <summary><c>POST /fapi/v1/listenKey</c>: the active key (extended) or a new one.</summary>
    public async Task<string> CreateListenKeyAsync(CancellationToken cancellationToken)
    {
        var body = await SendAsync(CreateListenKey, [], cancellationToken);
        return BinanceListenKeyResponse.Parse(body).ListenKey;
    }

    /// <summary><c>PUT /fapi/v1/listenKey</c>: extends the key by 60 minutes; -1125 means it is gone (create a new one).</summary>
    public async Task KeepAliveListenKeyAsync(CancellationToken cancellationToken) =>
        await SendAsync(KeepAliveListenKey, [], cancellationToken);

    private static List<(string, string)> OrderParameters(BinanceOrderRequest order)
    {
        var parameters = new List<(string, string)>
        {
            ("symbol", order.Symbol),
            ("side", order.Side.ToWireName()),
            ("type", order.Type switch { BinanceOrderType.Market => "MARKET", BinanceOrderType.Limit => "LIMIT" }),
        };
        if (order.PositionSide is { } positionSide)
        {
            parameters.Add(("positionSide", positionSide.ToWireName()));
        }

        parameters.Add(("quantity", DecimalText.Format(order.Quantity)));
        switch (order.Type)
        {
            case BinanceOrderType.Limit:
                parameters.Add(("price", DecimalText.Format(order.Price ?? throw new ArgumentException("A LIMIT order needs a price.", nameof(order)))));
                parameters.Add(("timeInForce", order.TimeInForce ?? "GTC"));
                break;
            case BinanceOrderType.Market:
                if (order.Price is not null)
                {
                    throw new ArgumentException("A MARKET order takes no price.", nameof(order));
                }

                break;
        }

        if (order.ReduceOnly is { } reduceOnly)
        {
            parameters.Add(("reduceOnly", reduceOnly ? "true" : "false"));
        }

        parameters.Add(("newClientOrderId", order.ClientOrderId));
        parameters.Add(("newOrderRespType", "RESULT"));
        return parameters;
    }

    private static void AddTimes(List<(string, string)> parameters, DateTimeOffset? startTime, DateTimeOffset? endTime)
    {
        if (startTime is { } start)
        {
            parameters.Add(("startTime", Text(start.ToUnixTimeMilliseconds())));
        }

        if (endTime is { } end)
        {
            parameters.Add(("endTime", Text(end.ToUnixTimeMilliseconds())));
        }
    }

    private static List<BinanceRecorded<T>> Recorded<T>(string body, string what, Func<string, T> parse)
    {
        using var document = JsonDocument.Parse(body);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"Binance {what}: the body is not an array");
        }

        return [.. document.RootElement.EnumerateArray().Select(row =>
        {
            var raw = row.GetRawText();
            return new BinanceRecorded<T>(parse(raw), raw);
        })];
    }

    private Task<string> SendAsync(Endpoint endpoint, IReadOnlyList<(string Name, string Value)> parameters, CancellationToken cancellationToken) =>
        _rest.SendAsync(endpoint, parameters, cancellationToken);

    private static string Text(long value) => BinanceRestTransport.Text(value);
}
