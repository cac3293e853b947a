using Tally.Core;

namespace Tally.Storage;

/// <summary>
/// One perpetual funding payment (Binance: an income record of type FUNDING_FEE, its tranId the id): a cash
/// flow of its own, booked against a position (DESIGN.md §2) and shown apart from trading PnL.
/// Its identity is (venue, account, funding id); everything else is content that must not change once stored.
/// </summary>
/// <remarks>
/// A payment only adds to the position's funding total in <paramref name="Asset"/>; it moves no quantity, price,
/// PnL or last-update time. So payments commute with fills: one found late never forces a re-fold, and the
/// log books them in the order it received them.
/// </remarks>
/// <param name="Amount">Received (+) or paid (−), in <paramref name="Asset"/>.</param>
/// <param name="Time">When the venue charged it (kept to the millisecond).</param>
public readonly record struct FundingPayment(
    string Venue,
    string Account,
    string Symbol,
    PositionSide PositionSide,
    string Asset,
    decimal Amount,
    DateTimeOffset Time,
    string FundingId)
{
    public PositionKey Key => new(Venue, Account, Symbol, PositionSide);
}
