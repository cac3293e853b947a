namespace Tally.PaperExchange.Market;

/// <summary>
/// One kline of the paper exchange's tape, as the stream's <c>k</c> and a REST row carry it (times in Unix ms,
/// <see cref="CloseTime"/> = open + interval − 1). A bar without trades is flat at the previous close, with no volume
/// and <see cref="FirstTradeId"/> = <see cref="LastTradeId"/> = −1 (ours).
/// </summary>
public sealed record KlineBar(
    string Interval,
    long OpenTime,
    long CloseTime,
    decimal Open,
    decimal High,
    decimal Low,
    decimal Close,
    decimal Volume,
    decimal QuoteVolume,
    long Trades,
    decimal TakerBuyVolume,
    decimal TakerBuyQuoteVolume,
    long FirstTradeId,
    long LastTradeId);
