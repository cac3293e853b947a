using Tally.Core;

namespace Tally.PaperExchange;

/// <summary>One fill of the paper exchange, as userTrades reports it. Ids are per symbol and increase by one.</summary>
/// <param name="RealizedPnl">Price PnL of this fill before fees, in the quote asset, unrounded.</param>
/// <param name="Commission">Fee paid, in <see cref="PaperSymbol.QuoteAsset"/>, already rounded to 8 places.</param>
public sealed record PaperTrade(
    PaperSymbol Symbol,
    long Id,
    long OrderId,
    Side Side,
    PositionSide PositionSide,
    decimal Price,
    decimal Quantity,
    decimal RealizedPnl,
    decimal Commission,
    bool Maker,
    DateTimeOffset Time);
