using System.Net;

namespace Tally.Exchanges.Binance.Client;

/// <summary>
/// A Binance REST call that failed: the HTTP status, and Binance's <c>{code,msg}</c> when the body carried one.
/// A call that never got an answer (connection reset, client timeout) has no status and
/// <see cref="IsExecutionUnknown"/> true, like a 5xx: the request may or may not have been executed.
/// </summary>
public sealed class BinanceApiException : Exception
{
    public BinanceApiException()
    {
    }

    public BinanceApiException(string message)
        : base(message)
    {
    }

    public BinanceApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BinanceApiException(HttpStatusCode? statusCode, int? code, string message, Exception? innerException = null)
        : base(Describe(statusCode, code, message), innerException)
    {
        StatusCode = statusCode;
        Code = code;
        BinanceMessage = message;
    }

    /// <summary>The HTTP status; null when no answer arrived.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Binance's error code (-1021, -2019…); null when the body had none.</summary>
    public int? Code { get; }

    /// <summary>Binance's <c>msg</c>, or what went wrong on the way.</summary>
    public string? BinanceMessage { get; }

    /// <summary>
    /// 5xx, 408 or no answer at all: Binance may have executed the request (binance-wire.md §3). For an order,
    /// look it up by client order id before sending it again.
    /// </summary>
    public bool IsExecutionUnknown => StatusCode is null || (int)StatusCode >= 500 || StatusCode == HttpStatusCode.RequestTimeout || Code == -1007;

    /// <summary>429 or 418: the IP is rate limited or banned.</summary>
    public bool IsRateLimited => StatusCode is HttpStatusCode.TooManyRequests || (int?)StatusCode == 418;

    private static string Describe(HttpStatusCode? status, int? code, string message) =>
        $"Binance {(status is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : "no answer")}{(code is { } c ? $" code {c}" : "")}: {message}";
}
