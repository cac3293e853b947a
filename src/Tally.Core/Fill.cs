namespace Tally.Core;

/// <summary>
/// One execution reported by a venue. Its identity is (venue, account, symbol, trade id); everything
/// else is content that must not change once stored.
/// </summary>
/// <param name="Quantity">Executed quantity, always positive; <paramref name="Side"/> gives the sign.</param>
/// <param name="Fee">Commission in <paramref name="FeeAsset"/>; negative for a maker rebate (the sign is kept).</param>
/// <param name="FeeAsset">Asset the fee was charged in; null means the instrument's settlement asset.</param>
/// <param name="FeeConversionPrice">
/// Price of one unit of <paramref name="FeeAsset"/> in the settlement asset at fill time, when known. Only used
/// for fees in a third asset (e.g. BNB), which otherwise stay out of net PnL.
/// </param>
/// <param name="Timestamp">Execution time (UTC) as the venue reports it; null when the source has none.</param>
public readonly record struct Fill(
    string Venue,
    string Account,
    string Symbol,
    Side Side,
    PositionSide PositionSide,
    decimal Quantity,
    decimal Price,
    decimal Fee,
    string? FeeAsset,
    string TradeId,
    DateTimeOffset? Timestamp,
    string? OrderId = null,
    string? ClientOrderId = null,
    string? Strategy = null,
    decimal? FeeConversionPrice = null)
{
    public const string DefaultVenue = "default";
    public const string DefaultAccount = "default";

    public PositionKey Key => new(Venue, Account, Symbol, PositionSide);

    /// <summary>+Quantity for a buy, −Quantity for a sell.</summary>
    public decimal SignedQuantity => Side == Side.Buy ? Quantity : -Quantity;
}
