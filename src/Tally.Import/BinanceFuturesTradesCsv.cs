namespace Tally.Import;

/// <summary>
/// Binance USDⓈ-M futures "Trade History" CSV exports (Orders → Futures → Trade History → Export).
/// </summary>
/// <remarks>
/// <para>
/// Layouts accepted (header names are matched case-insensitively after trimming, columns in any order,
/// extra columns ignored):
/// <list type="bullet">
/// <item>older: <c>Date(UTC),Symbol,Side,Price,Quantity,Amount,Fee,Realized Profit</c>, sometimes with
/// <c>Fee Coin</c> and <c>Quote Asset</c>; plain numbers, times in UTC.</item>
/// <item>newer (files named <c>Binance-Futures-Trade-History-&lt;yyyyMMddHHmm&gt;(UTC+3)….csv</c>):
/// <c>Uid,Time,Symbol,Side,Price,Quantity,Amount,Fee,Realized Profit,Buyer,Maker,Trade ID,Order ID</c>;
/// the fee has its asset glued on (<c>0.03682290USDT</c>, or <c>0.29528919 USDC</c>), times are in the zone
/// chosen when exporting, which the file name states, and years may have two digits (<c>26-03-17 09:34:12</c>).</item>
/// </list>
/// Spellings per field: time <c>Date(UTC)</c>, <c>Date (UTC)</c>, <c>Time(UTC)</c>, <c>Time (UTC)</c>
/// (UTC) or <c>Time</c>, <c>Date</c> (zone from the file name, else UTC); symbol <c>Symbol</c>; side
/// <c>Side</c>; price <c>Price</c>; quantity <c>Quantity</c>, <c>Qty</c> (never <c>Amount</c>, which is
/// the notional price × quantity); fee <c>Fee</c>, <c>Commission</c> (signed, asset glued on or not); fee
/// asset <c>Fee Coin</c>, <c>Fee Asset</c>, <c>Commission Asset</c> (must agree with a glued one); position
/// side <c>Position Side</c>, <c>PositionSide</c> (BOTH when absent); trade id <c>Trade ID</c>,
/// <c>TradeId</c>, <c>ID</c>; order id <c>Order ID</c>, <c>OrderId</c>. Required: time, symbol, side,
/// price, quantity. Realized Profit, Amount, Quote Asset, Uid, Buyer and Maker are not used.
/// </para>
/// <para>
/// Without a trade id column each fill gets a deterministic synthetic id (<c>csv-&lt;hash&gt;-&lt;n&gt;</c>,
/// see <see cref="BinanceSyntheticTradeIds"/>), so importing the same file twice gives the same ids. Those
/// ids never equal the real ids that <see cref="BinanceFuturesTradesJson"/> reads for the same trades.
/// </para>
/// </remarks>
public static class BinanceFuturesTradesCsv
{
    public const string DefaultVenue = BinanceFuturesTradesJson.DefaultVenue;

    private static readonly BinanceCsvLayout Layout = new(
        Description: "a Binance futures trade-history export",
        DefaultVenue: DefaultVenue,
        Symbol: ["Symbol"],
        Side: ["Side"],
        Quantity: ["Quantity", "Qty"],
        LegacyQuantityWithTotal: null,
        SymbolIsPair: false);

    /// <summary>Reads every row in file order; a bad row yields an error and reading goes on.</summary>
    /// <param name="source">The file's name; a <c>(UTC+3)</c> in it gives the zone of a plain <c>Time</c> column.</param>
    /// <exception cref="InputFileException">The file is empty or lacks a required column.</exception>
    public static IEnumerable<RowResult> Read(TextReader text, string source, FillReadOptions options) =>
        BinanceTradesCsv.Read(text, source, options, Layout);
}
