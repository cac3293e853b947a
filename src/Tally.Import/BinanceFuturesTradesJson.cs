using Tally.Exchanges.Binance;

namespace Tally.Import;

/// <summary>
/// Bodies of Binance USD-M <c>GET /fapi/v1/userTrades</c>: a JSON array of trade objects, or several such
/// pages saved one after another (<c>[...][...]</c>, or one per line).
/// </summary>
/// <remarks>
/// <para>
/// Fields used: <c>symbol</c>, <c>id</c> (the trade id), <c>orderId</c>, <c>side</c>, <c>price</c>,
/// <c>qty</c>, <c>commission</c> (kept signed: negative is a maker rebate), <c>commissionAsset</c>,
/// <c>time</c> (Unix ms) and <c>positionSide</c> (BOTH/LONG/SHORT; BOTH when absent). Required: symbol,
/// id, side, price, qty. Ignored: realizedPnl, quoteQty, marginAsset, buyer, maker.
/// </para>
/// <para>
/// Ids and times are accepted as JSON numbers or strings and read as int64 (ids above 2^53 keep every
/// digit); decimals as strings or numbers, parsed from the text that was sent, never through double.
/// </para>
/// <para>
/// A bad record is a <see cref="RowError"/> whose <see cref="RowError.Line"/> is the record number
/// (1-based, counted across pages) and whose column is the JSON field name; reading goes on. Each fill
/// keeps its record's JSON in <see cref="ParsedFill.Raw"/>.
/// </para>
/// </remarks>
public static class BinanceFuturesTradesJson
{
    public const string DefaultVenue = BinanceVenues.UsdMFutures;

    /// <summary>Reads every record in file order.</summary>
    /// <exception cref="InputFileException">The file is empty, is not JSON, or holds something other than trade pages.</exception>
    public static IEnumerable<RowResult> Read(TextReader text, string source, FillReadOptions options) =>
        BinanceTradeRecords.Read(text, source, options, DefaultVenue, spot: false);
}
