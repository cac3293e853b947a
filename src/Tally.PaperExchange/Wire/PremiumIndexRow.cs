namespace Tally.PaperExchange.Wire;

/// <summary>GET /fapi/v1/premiumIndex: mark price and funding for one symbol.</summary>
public sealed record PremiumIndexRow(
    string Symbol,
    string MarkPrice,
    string IndexPrice,
    string EstimatedSettlePrice,
    string LastFundingRate,
    string InterestRate,
    long NextFundingTime,
    long Time);
