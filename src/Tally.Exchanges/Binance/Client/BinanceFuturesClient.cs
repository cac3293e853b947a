using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Tally.Core;

namespace Tally.Exchanges.Binance.Client;

/// <summary>
/// A Binance USD-M futures REST client (binance-wire.md §2–§5, §7.1): signs USER_DATA/TRADE calls with a
/// timestamp from a measured clock offset, stays under the IP weight limit (<see cref="Governor"/>), retries
/// what is safe to retry, and never places an order twice.
/// </summary>
/// <remarks>
/// Retries: GETs and listenKey calls are retried on 5xx, 408 and no answer, with exponential backoff and jitter
/// (<see cref="BinanceClientOptions.MaxAttempts"/>); every call is retried after a 429 once Retry-After has
/// passed, and once after a -1021 with the clock resynchronised. <c>POST /fapi/v1/order</c> is not retried
/// blindly: after an unknown outcome the order is looked up by its client order id first.
/// Thread safe: the offset is a single 64-bit field, the governor has its own lock, HttpClient is thread safe.
/// </remarks>
public sealed class BinanceFuturesClient
{
    private const string ApiKeyHeader = "X-MBX-APIKEY";
    private const string UsedWeightHeader = "X-MBX-USED-WEIGHT-1M";

    // Endpoint weights (binance-wire.md §4; paper exchange README). POST order costs no IP weight.
    private static readonly Endpoint Time = new(HttpMethod.Get, "fapi/v1/time", 1, Security.None, Idempotent: true);
    private static readonly Endpoint ExchangeInfo = new(HttpMethod.Get, "fapi/v1/exchangeInfo", 1, Security.None, Idempotent: true);
    private static readonly Endpoint UserTrades = new(HttpMethod.Get, "fapi/v1/userTrades", 5, Security.Signed, Idempotent: true);
    private static readonly Endpoint PositionRisk = new(HttpMethod.Get, "fapi/v2/positionRisk", 5, Security.Signed, Idempotent: true);
    private static readonly Endpoint NewOrder = new(HttpMethod.Post, "fapi/v1/order", 0, Security.Signed, Idempotent: false);
    private static readonly Endpoint QueryOrder = new(HttpMethod.Get, "fapi/v1/order", 1, Security.Signed, Idempotent: true);
    private static readonly Endpoint CreateListenKey = new(HttpMethod.Post, "fapi/v1/listenKey", 1, Security.ApiKey, Idempotent: true);
    private static readonly Endpoint KeepAliveListenKey = new(HttpMethod.Put, "fapi/v1/listenKey", 1, Security.ApiKey, Idempotent: true);

    private readonly HttpClient _http;
    private readonly string _apiKey;
    private readonly BinanceSigner _signer;
    private readonly TimeProvider _time;
    private readonly BinanceClientOptions _options;
    private long _offsetTicks;
    private int _clockSynced;
    private int _clockSyncs;

    /// <param name="http">With <see cref="HttpClient.BaseAddress"/> set to the REST base (https://fapi.binance.com/ or a paper exchange).</param>
    public BinanceFuturesClient(HttpClient http, string apiKey, BinanceSigner signer, TimeProvider time, BinanceClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(time);
        if (http.BaseAddress is null)
        {
            throw new ArgumentException("The HttpClient needs a BaseAddress.", nameof(http));
        }

        _options = options ?? new BinanceClientOptions();
        _options.Validate();
        _http = http;
        _apiKey = apiKey;
        _signer = signer;
        _time = time;
        Governor = new BinanceWeightGovernor(time, _options.DefaultWeightLimit, _options.WeightHeadroom, _options.BoundaryMargin, () => ClockOffset);
    }

    public BinanceWeightGovernor Governor { get; }

    /// <summary>Exchange time minus local time, as last measured (zero before the first measurement).</summary>
    public TimeSpan ClockOffset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>How many times the clock offset was measured (the first signed call measures it; a -1021 remeasures).</summary>
    public int ClockSyncs => Volatile.Read(ref _clockSyncs);

    /// <summary><c>GET /fapi/v1/time</c>; also remeasures <see cref="ClockOffset"/> from the round trip's midpoint.</summary>
    public async Task<DateTimeOffset> GetServerTimeAsync(CancellationToken cancellationToken)
    {
        var sent = _time.GetUtcNow();
        var body = await SendAsync(Time, [], cancellationToken);
        var received = _time.GetUtcNow();
        using var document = BinanceJsonObject.ParseDocument(body, "server time");
        var serverTime = DateTimeOffset.FromUnixTimeMilliseconds(BinanceJsonObject.Of(document.RootElement, "", "server time").Int64("serverTime"));
        var midpoint = sent + ((received - sent) / 2);
        Interlocked.Exchange(ref _offsetTicks, (serverTime - midpoint).Ticks);
        Volatile.Write(ref _clockSynced, 1);
        Interlocked.Increment(ref _clockSyncs);
        return serverTime;
    }

    /// <summary><c>GET /fapi/v1/exchangeInfo</c> rateLimits; the REQUEST_WEIGHT per minute becomes the governor's limit.</summary>
    public async Task<IReadOnlyList<BinanceRateLimit>> GetExchangeInfoLimitsAsync(CancellationToken cancellationToken)
    {
        var body = await SendAsync(ExchangeInfo, [], cancellationToken);
        using var document = BinanceJsonObject.ParseDocument(body, "exchangeInfo");
        var limits = BinanceJsonObject.Of(document.RootElement, "", "exchangeInfo").Objects("rateLimits").Select(BinanceRateLimit.Read).ToList();
        foreach (var limit in limits)
        {
            if (limit is { RateLimitType: "REQUEST_WEIGHT", Interval: "MINUTE", IntervalNum: 1 })
            {
                Governor.SetLimit(limit.Limit);
            }
        }

        return limits;
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

                await Task.Delay(Backoff(attempt), _time, cancellationToken);
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

    private async Task<string> SendAsync(Endpoint endpoint, IReadOnlyList<(string Name, string Value)> parameters, CancellationToken cancellationToken)
    {
        if (endpoint.Security == Security.Signed && Volatile.Read(ref _clockSynced) == 0)
        {
            await GetServerTimeAsync(cancellationToken);
        }

        var resynced = false;
        for (var attempt = 1; ; attempt++)
        {
            await Governor.AcquireAsync(endpoint.Weight, cancellationToken);
            using var request = Build(endpoint, parameters);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // No answer: the request may or may not have been executed.
                if (endpoint.Idempotent && attempt < _options.MaxAttempts)
                {
                    await Task.Delay(Backoff(attempt), _time, cancellationToken);
                    continue;
                }

                throw new BinanceApiException(null, null, $"{endpoint.Path}: no answer ({e.Message})", e);
            }

            using (response)
            {
                if (response.Headers.TryGetValues(UsedWeightHeader, out var used) &&
                    int.TryParse(used.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var usedWeight))
                {
                    Governor.Observe(usedWeight);
                }

                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return body;
                }

                var (code, message) = ErrorOf(body);
                var status = response.StatusCode;
                if (status == HttpStatusCode.TooManyRequests || (int)status == 418)
                {
                    // Nothing more is sent before Retry-After (or the next minute): sending while limited earns a ban.
                    Governor.Block(response.Headers.RetryAfter?.Delta);
                    if (status == HttpStatusCode.TooManyRequests && attempt < _options.MaxAttempts)
                    {
                        continue;
                    }
                }
                else if (code == -1021 && !resynced)
                {
                    resynced = true;
                    await GetServerTimeAsync(cancellationToken);
                    continue;
                }
                else if (endpoint.Idempotent && ((int)status >= 500 || status == HttpStatusCode.RequestTimeout) && attempt < _options.MaxAttempts)
                {
                    await Task.Delay(Backoff(attempt), _time, cancellationToken);
                    continue;
                }

                throw new BinanceApiException(status, code, message ?? $"{endpoint.Path}: HTTP {(int)status}");
            }
        }
    }

    private HttpRequestMessage Build(Endpoint endpoint, IReadOnlyList<(string Name, string Value)> parameters)
    {
        var text = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}"));
        if (endpoint.Security == Security.Signed)
        {
            var timestamp = (_time.GetUtcNow() + ClockOffset).ToUnixTimeMilliseconds();
            var signed = $"recvWindow={Text(_options.RecvWindowMilliseconds)}&timestamp={Text(timestamp)}";
            text = text.Length == 0 ? signed : $"{text}&{signed}";
            text = _signer.AppendSignature(text);
        }

        // POST/PUT carry their parameters as a form body; Binance signs query + body, and here the query is empty.
        var hasBody = endpoint.Method == HttpMethod.Post || endpoint.Method == HttpMethod.Put;
        var uri = new Uri(hasBody || text.Length == 0 ? endpoint.Path : $"{endpoint.Path}?{text}", UriKind.Relative);
        var request = new HttpRequestMessage(endpoint.Method, uri);
        if (hasBody)
        {
            request.Content = new StringContent(text, Encoding.ASCII, "application/x-www-form-urlencoded");
        }

        if (endpoint.Security != Security.None)
        {
            request.Headers.Add(ApiKeyHeader, _apiKey);
        }

        return request;
    }

    private TimeSpan Backoff(int attempt)
    {
        // base × 2^(attempt−1), capped, then scaled by a random 50…100 % so clients that failed together spread out.
        var exponential = _options.BaseBackoff * Math.Pow(2, Math.Min(attempt - 1, 16));
        var capped = exponential > _options.MaxBackoff ? _options.MaxBackoff : exponential;
#pragma warning disable CA5394 // Jitter, not security.
        return capped * (0.5 + (Random.Shared.NextDouble() / 2));
#pragma warning restore CA5394
    }

    private static (int? Code, string? Message) ErrorOf(string body)
    {
        try
        {
            var error = BinanceApiError.Parse(body);
            return (error.Code, error.Message);
        }
        catch (FormatException)
        {
            return (null, body.Length > 200 ? body[..200] : body);
        }
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private enum Security
    {
        None,
        ApiKey,
        Signed,
    }

    private sealed record Endpoint(HttpMethod Method, string Path, int Weight, Security Security, bool Idempotent);
}
