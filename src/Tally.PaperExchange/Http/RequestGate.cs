using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tally.PaperExchange.Http;

/// <summary>
/// What every call passes before its handler runs, in Binance's order: IP weight (429/418), then the API key
/// (-2014/-2015), then for signed calls the timestamp window (-1021) and the signature (-1022), and last any
/// injected 503 "Service Unavailable.".
/// Sets X-MBX-USED-WEIGHT-1M on every answer.
/// </summary>
public sealed class RequestGate
{
    public const string ApiKeyHeader = "X-MBX-APIKEY";
    public const string UsedWeightHeader = "X-MBX-USED-WEIGHT-1M";

    /// <summary>Binance's default and maximum recvWindow, in ms.</summary>
    public const long DefaultRecvWindow = 5000;
    public const long MaxRecvWindow = 60000;

    private readonly WeightLimiter _limiter;
    private readonly TimeProvider _time;
    private readonly string _apiKey;
    private readonly string _apiSecret;
    private readonly ILogger _logger;
    private readonly FaultInjector _faults;

    public RequestGate(WeightLimiter limiter, TimeProvider time, string apiKey, string apiSecret, FaultInjector faults, ILogger logger)
    {
        _faults = faults;
        _limiter = limiter;
        _time = time;
        _apiKey = apiKey;
        _apiSecret = apiSecret;
        _logger = logger;
    }

    public async ValueTask<GateResult> EnterAsync(HttpContext http, EndpointSecurity security, int weight, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var request = http.Request;
        var rawQuery = request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty;
        var rawBody = string.Empty;
        if (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsDelete(request.Method))
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            rawBody = await reader.ReadToEndAsync(cancellationToken);
        }

        var parameters = new RequestParameters(rawQuery, rawBody);
        var now = _time.GetUtcNow();
        var ip = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (_faults.ThrottleRemaining(now) is { } storm)
        {
            // An injected 429 storm: before the weight count, so it neither uses weight nor leads to a ban.
            return Reject(http, storm, 429, $"Too many requests; current limit of IP({ip}) is {_limiter.LimitPerMinute} requests per minute. Please use the websocket for live updates to avoid polling the API.");
        }

        var decision = _limiter.Admit(ip, weight, now);
        http.Response.Headers[UsedWeightHeader] = decision.UsedWeight.ToString(CultureInfo.InvariantCulture);
        switch (decision.Verdict)
        {
            case RateVerdict.Limited:
                Log.RateLimited(_logger, ip, decision.UsedWeight);
                return Reject(http, decision.RetryAfter, 429, $"Too many requests; current limit of IP({ip}) is {_limiter.LimitPerMinute} requests per minute. Please use the websocket for live updates to avoid polling the API.");
            case RateVerdict.Banned:
                Log.Banned(_logger, ip, decision.BannedUntil!.Value);
                return Reject(http, decision.RetryAfter, 418, $"Way too many requests; IP({ip}) banned until {decision.BannedUntil!.Value.ToUnixTimeMilliseconds()}. Please use the websocket for live updates to avoid bans.");
            case RateVerdict.Admitted:
                break;
        }

        if (security == EndpointSecurity.None)
        {
            return new GateResult(null, parameters);
        }

        var key = request.Headers[ApiKeyHeader].ToString();
        if (string.IsNullOrEmpty(key))
        {
            return new GateResult(ApiResults.Error(ApiError.ApiKeyFormat), parameters);
        }

        if (!string.Equals(key, _apiKey, StringComparison.Ordinal))
        {
            return new GateResult(ApiResults.Error(ApiError.InvalidApiKey(ip)), parameters);
        }

        if (security == EndpointSecurity.ApiKey)
        {
            return new GateResult(null, parameters);
        }

        var error = CheckTimestamp(parameters, now + _faults.ClockSkew) ?? CheckSignature(parameters);
        if (error is null && _faults.BeforeHandling() is { } fault)
        {
            error = FaultInjector.ErrorFor(fault);
        }

        return new GateResult(error is null ? null : ApiResults.Error(error), parameters);
    }

    /// <summary>The server's clock: the exchange clock plus any injected skew (what /time answers).</summary>
    public DateTimeOffset ServerNow() => _time.GetUtcNow() + _faults.ClockSkew;

    private static GateResult Reject(HttpContext http, TimeSpan retryAfter, int status, string message)
    {
        // Whole seconds, rounded up, so a client that waits exactly Retry-After is past the window.
        var seconds = (long)Math.Ceiling(retryAfter.TotalSeconds);
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return new GateResult(ApiResults.Error(new ApiError(status, -1003, message)), new RequestParameters(string.Empty, string.Empty));
    }

    private static ApiError? CheckTimestamp(RequestParameters parameters, DateTimeOffset now)
    {
        var timestamp = parameters.GetLong("timestamp", out var error);
        if (error is not null || timestamp is null)
        {
            return ApiError.MandatoryParameter("timestamp");
        }

        var recvWindow = parameters.GetLong("recvWindow", out error) ?? DefaultRecvWindow;
        if (error is not null)
        {
            return error;
        }

        if (recvWindow > MaxRecvWindow)
        {
            return ApiError.RecvWindowTooLarge;
        }

        // Binance: accept when timestamp < serverTime + 1000 and serverTime − timestamp ≤ recvWindow.
        var serverTime = now.ToUnixTimeMilliseconds();
        if (timestamp.Value >= serverTime + 1000)
        {
            return ApiError.AheadOfServer;
        }

        return serverTime - timestamp.Value > recvWindow ? ApiError.OutsideRecvWindow : null;
    }

    private ApiError? CheckSignature(RequestParameters parameters)
    {
        var signature = parameters.Get("signature");
        if (signature is null)
        {
            return ApiError.MandatoryParameter("signature");
        }

        var payload = RequestSigner.WithoutSignature(parameters.RawQuery) + RequestSigner.WithoutSignature(parameters.RawBody);
        return RequestSigner.Verify(_apiSecret, payload, signature) ? null : ApiError.BadSignature;
    }
}
