namespace Tally.PaperExchange.Wire;

/// <summary>GET /fapi/v1/ticker/24hr: one symbol's rolling 24-hour statistics.</summary>
public sealed record Ticker24hRow(
    string Symbol,
    string PriceChange,
    string PriceChangePercent,
    string WeightedAvgPrice,
    string LastPrice,
    string LastQty,
    string OpenPrice,
    string HighPrice,
    string LowPrice,
    string Volume,
    string QuoteVolume,
    long OpenTime,
    long CloseTime,
    long FirstId,
    long LastId,
    long Count);

/// <summary>GET /fapi/v1/ticker/price and /fapi/v2/ticker/price.</summary>
public sealed record PriceTickerRow(string Symbol, string Price, long Time);

/// <summary>GET /fapi/v1/ticker/bookTicker: best bid and ask.</summary>
public sealed record BookTickerRow(long LastUpdateId, string Symbol, string BidPrice, string BidQty, string AskPrice, string AskQty, long Time);
