using Tally.Exchanges.Binance;

namespace Tally.Import;

/// <summary>
/// Bodies of Binance spot <c>GET /api/v3/myTrades</c> (a JSON array of trade objects, or several pages
/// saved one after another), and WebSocket API <c>myTrades</c> responses, whose <c>result</c> is that array.
/// </summary>
/// <remarks>
/// <para>
/// Fields used: <c>symbol</c>, <c>id</c> (the trade id), <c>orderId</c>, <c>price</c>, <c>qty</c>,
/// <c>commission</c> (signed), <c>commissionAsset</c> (the received asset by default, BNB with the BNB fee
/// discount), <c>time</c> (Unix ms) and <c>isBuyer</c>: spot trades carry no side, so true is BUY and false
/// SELL. Required: symbol, id, price, qty, isBuyer. Ignored: quoteQty, isMaker, isBestMatch, orderListId.
/// Spot has no position sides, so every fill is BOTH.
/// </para>
/// <para>
/// Numbers-or-strings tolerance, record numbering and <see cref="ParsedFill.Raw"/> work as in
/// <see cref="BinanceFuturesTradesJson"/>. A fee in the base asset is only checked against the quantity
/// when <see cref="FillReadOptions.Instruments"/> knows the symbol as a spot instrument.
/// </para>
/// </remarks>
public static class BinanceSpotTradesJson
{
    public const string DefaultVenue = BinanceVenues.Spot;

    /// <summary>Reads every record in file order.</summary>
    /// <exception cref="InputFileException">The file is empty, is not JSON, or holds something other than trade pages.</exception>
    public static IEnumerable<RowResult> Read(TextReader text, string source, FillReadOptions options) =>
        BinanceTradeRecords.Read(text, source, options, DefaultVenue, spot: true);
}
