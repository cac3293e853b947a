using Microsoft.Extensions.Logging;

namespace Tally.Engine;

/// <summary>Funding synchronization messages (event ids 40–49).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "{Venue}/{Account} funding ({Mode}): {Pages} page(s), {Stored} stored, {AlreadyPresent} already present, {Quarantined} quarantined, checkpoint {LastFundingId}")]
    public static partial void FundingSynced(ILogger logger, string venue, string account, Tally.Core.PositionMode mode, int pages, int stored, int alreadyPresent, int quarantined, string? lastFundingId);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "{Venue}/{Account} funding row {FundingId} was quarantined: {Reason}")]
    public static partial void FundingQuarantined(ILogger logger, string venue, string account, string fundingId, string reason);

    [LoggerMessage(EventId = 42, Level = LogLevel.Warning, Message = "{Venue}/{Account} funding sync failed; trying again at the next one")]
    public static partial void FundingSyncFailed(ILogger logger, string venue, string account, Exception exception);
}
