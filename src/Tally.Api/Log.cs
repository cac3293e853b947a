using Microsoft.Extensions.Logging;

namespace Tally.Api;

/// <summary>The API's log messages; event ids are stable.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "API listening on {Url}")]
    public static partial void Listening(ILogger logger, string url);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Signal {SignalId} ({Strategy} {Action} {Symbol}, confidence {Confidence}) from {Source}: {Decision}: {Reason}{Repeat}")]
    public static partial void SignalDecided(ILogger logger, string signalId, string strategy, string action, string symbol, decimal confidence, string source, string decision, string reason, string repeat);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Signal refused from {Source}: {Detail}")]
    public static partial void SignalRefused(ILogger logger, string source, string detail);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Refused {Method} {Path}: no or wrong bearer token")]
    public static partial void Unauthorized(ILogger logger, string method, string path);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "Refused a TradingView alert: no or wrong passphrase")]
    public static partial void WrongPassphrase(ILogger logger);

    [LoggerMessage(EventId = 305, Level = LogLevel.Warning, Message = "Write rate limit reached: {Method} {Path} answered 429")]
    public static partial void RateLimited(ILogger logger, string method, string path);
}
