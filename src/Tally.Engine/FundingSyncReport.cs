using Tally.Core;

namespace Tally.Engine;

/// <summary>What one <see cref="FundingSynchronizer.SyncAsync"/> run did.</summary>
/// <param name="Mode">The position mode read at the start of the run and assumed for every row.</param>
/// <param name="Pages">Income requests made (empty windows included).</param>
/// <param name="Quarantined">Rows that conflicted with a stored payment, or could not be attributed or booked (kept raw in the quarantine).</param>
/// <param name="LastFundingId">The checkpoint's tranId after the run; null while the account never had funding.</param>
public sealed record FundingSyncReport(PositionMode Mode, int Pages, int Stored, int AlreadyPresent, int Quarantined, string? LastFundingId);
