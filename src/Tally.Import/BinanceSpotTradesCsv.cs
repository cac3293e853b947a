namespace Tally.Import;

/// <summary>
/// Binance spot "Trade History" CSV exports (Orders → Spot Order → Trade History → Export), which margin
/// accounts share.
/// </summary>
/// <remarks>
/// <para>
/// Layouts accepted (header names are matched case-insensitively after trimming, columns in any order,
/// extra columns ignored):
/// <list type="bullet">
/// <item>legacy: <c>Date(UTC),Market,Type,Price,Amount,Total,Fee,Fee Coin</c>; plain numbers, <c>Type</c>
/// is BUY/SELL, <c>Amount</c> is the base quantity and <c>Total</c> the quote amount.</item>
/// <item>later: <c>Date(UTC),Pair,Side,Price,Executed,Amount,Fee</c> with assets glued on
/// (<c>0.1800000000SOL</c>, <c>19.8054BUSD</c>, <c>0.0002BNB</c>); <c>Executed</c> is the base quantity and
/// <c>Amount</c> now the quote amount. Often saved with a byte order mark.</item>
/// <item>newer (files named <c>Binance-Spot-Trade-History-&lt;yyyyMMddHHmm&gt;(UTC+3)….csv</c>):
/// <c>Time,Pair,Side,Price,Executed,Amount,Fee</c>, times in the zone the file name states, years
/// possibly with two digits (<c>23-09-20 18:20:55</c>).</item>
/// </list>
/// Spellings per field: time as for <see cref="BinanceFuturesTradesCsv"/>; symbol <c>Pair</c>,
/// <c>Market</c>, <c>Symbol</c> (<c>BTC/USDT</c>, <c>BTC-USDT</c> become BTCUSDT); side <c>Side</c>,
/// <c>Type</c>; price <c>Price</c>; quantity <c>Executed</c>, <c>Quantity</c>, <c>Qty</c>, or <c>Amount</c>
/// only beside a <c>Total</c> column; fee <c>Fee</c>, <c>Commission</c>; fee asset <c>Fee Coin</c>,
/// <c>Fee Asset</c>, <c>Commission Asset</c> or glued onto the fee; trade and order ids as for futures.
/// Required: time, symbol, side, price, quantity. Every spot fill is position side BOTH.
/// </para>
/// <para>
/// These exports have no trade id, so each fill gets a deterministic synthetic id
/// (<see cref="BinanceSyntheticTradeIds"/>): importing the same file twice gives the same ids, but they
/// never equal the real ids of <see cref="BinanceSpotTradesJson"/>. A fee in the base asset is only checked
/// against the quantity when <see cref="FillReadOptions.Instruments"/> knows the symbol as spot.
/// </para>
/// </remarks>
public static class BinanceSpotTradesCsv
{
    public const string DefaultVenue = BinanceSpotTradesJson.DefaultVenue;

    private static readonly BinanceCsvLayout Layout = new(
        Description: "a Binance spot trade-history export",
        DefaultVenue: DefaultVenue,
        Symbol: ["Pair", "Market", "Symbol"],
        Side: ["Side", "Type"],
        Quantity: ["Executed", "Quantity", "Qty"],
        LegacyQuantityWithTotal: "Amount",
        SymbolIsPair: true);

    /// <summary>Reads every row in file order; a bad row yields an error and reading goes on.</summary>
    /// <param name="source">The file's name; a <c>(UTC+3)</c> in it gives the zone of a plain <c>Time</c> column.</param>
    /// <exception cref="InputFileException">The file is empty or lacks a required column.</exception>
    public static IEnumerable<RowResult> Read(TextReader text, string source, FillReadOptions options) =>
        BinanceTradesCsv.Read(text, source, options, Layout);
}
