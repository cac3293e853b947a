using System.Globalization;
using System.Net;
using System.Text;

namespace Tally.Exchanges.Binance.Client;

/// <summary>
/// What every Binance REST client shares, USD-M futures and spot alike: HMAC signing with a timestamp from a
/// measured clock offset, the IP weight governor, Retry-After and backoff, and the retry rules (binance-wire.md
/// §2–§4). The clients own their endpoints and bodies.
/// </summary>
/// <remarks>
/// Retries: idempotent calls are retried on 5xx, 408 and no answer, with exponential backoff and jitter
/// (<see cref="BinanceClientOptions.MaxAttempts"/>); every call is retried after a 429 once Retry-After has
/// passed, and once after a -1021 with the clock resynchronised. A non-idempotent call (a new order) is never
/// retried here: its client decides, after looking the order up.
/// Thread safe: the offset is a single 64-bit field, the governor has its own lock, HttpClient is thread safe.
/// </remarks>
internal sealed class BinanceRestTransport
{
    private const string ApiKeyHeader = "X-MBX-APIKEY";
    private const string UsedWeightHeader = "X-MBX-USED-WEIGHT-1M";

    private readonly HttpClient _http;
    private readonly string _apiKey;
    private readonly BinanceSigner _signer;
    private readonly TimeProvider _time;
    private readonly Endpoint _timeEndpoint;
    private long _offsetTicks;
    private int _clockSynced;
    private int _clockSyncs;

    /// <param name="timeEndpoint">The server-time endpoint, used to measure the clock offset.</param>
    public BinanceRestTransport(HttpClient http, string apiKey, BinanceSigner signer, TimeProvider time, BinanceClientOptions? options, Endpoint timeEndpoint)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(time);
        if (http.BaseAddress is null)
        {
            throw new ArgumentException("The HttpClient needs a BaseAddress.", nameof(http));
        }

        Options = options ?? new BinanceClientOptions();
        Options.Validate();
        _http = http;
        _apiKey = apiKey;
        _signer = signer;
        _time = time;
        _timeEndpoint = timeEndpoint;
        Governor = new BinanceWeightGovernor(time, Options.DefaultWeightLimit, Options.WeightHeadroom, Options.BoundaryMargin, () => ClockOffset);
    }

    public BinanceClientOptions Options { get; }

    public BinanceWeightGovernor Governor { get; }

    /// <summary>Where the used weight is reported; null reports nothing.</summary>
    public BinanceRestMetrics? Metrics { get; set; }

    public TimeProvider Time => _time;

    public TimeSpan ClockOffset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public int ClockSyncs => Volatile.Read(ref _clockSyncs);

    /// <summary>The exchange's time by the measured offset.</summary>
    public DateTimeOffset ExchangeNow => _time.GetUtcNow() + ClockOffset;

    /// <summary>Reads the server time and remeasures <see cref="ClockOffset"/> from the round trip's midpoint.</summary>
    public async Task<DateTimeOffset> SyncClockAsync(CancellationToken cancellationToken)
    {
        var sent = _time.GetUtcNow();
        var body = await SendAsync(_timeEndpoint, [], cancellationToken);
        var received = _time.GetUtcNow();
        using var document = BinanceJsonObject.ParseDocument(body, "server time");
        var serverTime = DateTimeOffset.FromUnixTimeMilliseconds(BinanceJsonObject.Of(document.RootElement, "", "server time").Int64("serverTime"));
        var midpoint = sent + ((received - sent) / 2);
        Interlocked.Exchange(ref _offsetTicks, (serverTime - midpoint).Ticks);
        Volatile.Write(ref _clockSynced, 1);
        Interlocked.Increment(ref _clockSyncs);
        return serverTime;
    }

    /// <summary>Reads exchangeInfo's rateLimits from a body; the REQUEST_WEIGHT per minute becomes the governor's limit.</summary>
    public IReadOnlyList<BinanceRateLimit> ApplyLimits(string exchangeInfoBody)
    {
        using var document = BinanceJsonObject.ParseDocument(exchangeInfoBody, "exchangeInfo");
        var limits = BinanceJsonObject.Of(document.RootElement, "", "exchangeInfo").Objects("rateLimits").Select(BinanceRateLimit.Read).ToList();
        foreach (var limit in limits)
        {
            if (limit is { RateLimitType: "REQUEST_WEIGHT", Interval: "MINUTE", IntervalNum: 1 })
            {
                Governor.SetLimit(limit.Limit);
                Metrics?.WeightLimit(limit.Limit);
            }
        }

        return limits;
    }

    public async Task<string> SendAsync(Endpoint endpoint, IReadOnlyList<(string Name, string Value)> parameters, CancellationToken cancellationToken)
    {
        if (endpoint.Security == Security.Signed && Volatile.Read(ref _clockSynced) == 0)
        {
            await SyncClockAsync(cancellationToken);
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
                if (endpoint.Idempotent && attempt < Options.MaxAttempts)
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
                    Metrics?.WeightUsed(usedWeight);
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
                    if (status == HttpStatusCode.TooManyRequests && attempt < Options.MaxAttempts)
                    {
                        continue;
                    }
                }
                else if (code == -1021 && !resynced)
                {
                    resynced = true;
                    await SyncClockAsync(cancellationToken);
                    continue;
                }
                else if (endpoint.Idempotent && ((int)status >= 500 || status == HttpStatusCode.RequestTimeout) && attempt < Options.MaxAttempts)
                {
                    await Task.Delay(Backoff(attempt), _time, cancellationToken);
                    continue;
                }

                throw new BinanceApiException(status, code, message ?? $"{endpoint.Path}: HTTP {(int)status}");
            }
        }
    }

    public TimeSpan Backoff(int attempt)
    {
        // base × 2^(attempt−1), capped, then scaled by a random 50…100 % so clients that failed together spread out.
        var exponential = Options.BaseBackoff * Math.Pow(2, Math.Min(attempt - 1, 16));
        var capped = exponential > Options.MaxBackoff ? Options.MaxBackoff : exponential;
#pragma warning disable CA5394 // Jitter, not security.
        return capped * (0.5 + (Random.Shared.NextDouble() / 2));
#pragma warning restore CA5394
    }

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private HttpRequestMessage Build(Endpoint endpoint, IReadOnlyList<(string Name, string Value)> parameters)
    {
        var text = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}"));
        if (endpoint.Security == Security.Signed)
        {
            var timestamp = ExchangeNow.ToUnixTimeMilliseconds();
            var signed = $"recvWindow={Text(Options.RecvWindowMilliseconds)}&timestamp={Text(timestamp)}";
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

    internal enum Security
    {
        None,
        ApiKey,
        Signed,
    }

    /// <param name="Path">Relative to the REST base, e.g. <c>fapi/v1/userTrades</c>.</param>
    /// <param name="Idempotent">Safe to send again when the outcome is unknown.</param>
    internal sealed record Endpoint(HttpMethod Method, string Path, int Weight, Security Security, bool Idempotent);
}
