using Microsoft.Extensions.Logging;

namespace Tally.PaperExchange;

/// <summary>The paper exchange's log messages; event ids are stable.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Paper exchange listening on {Address} (seed {Seed})")]
    public static partial void Started(ILogger logger, Uri address, int seed);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Rate limit: IP {Ip} at weight {UsedWeight}, answering 429")]
    public static partial void RateLimited(ILogger logger, string ip, int usedWeight);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "IP {Ip} kept sending after a 429; banned until {Until}")]
    public static partial void Banned(ILogger logger, string ip, DateTimeOffset until);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Order {OrderId} {Symbol} {Side} {Quantity}: {Status}")]
    public static partial void OrderPlaced(ILogger logger, long orderId, string symbol, Tally.Core.Side side, decimal quantity, OrderStatus status);
}
