using System.Globalization;
using FsCheck;
using FsCheck.Xunit;
using Tally.Core;
using Tally.Exchanges.Binance;

namespace Tally.Exchanges.Tests;

public sealed class BinanceFillsTests
{
    private const string Venue = "binance-futures";
    private const string Account = "main";

    // The reference's userTrades example, and the ORDER_TRADE_UPDATE Binance streams for the same execution:
    // same trade id (t = id), order id, side, book, quantity and price, decimals at a different scale.
    private const string RestRow =
        """{"symbol":"ETHUSDT","id":912345001,"orderId":5550001234,"side":"SELL","price":"3012.50","qty":"0.250","realizedPnl":"-1.87500000","marginAsset":"USDT","quoteQty":"753.12500","commission":"0.30125000","commissionAsset":"USDT","time":1767225600123,"positionSide":"LONG","buyer":false,"maker":true}""";

    private const string StreamUpdate =
        """{"e":"ORDER_TRADE_UPDATE","E":1767225600130,"T":1767225600123,"o":{"s":"ETHUSDT","c":"close-long-7","S":"SELL","o":"LIMIT","f":"GTC","q":"0.5","p":"3012.5","ap":"3012.5","sp":"0","x":"TRADE","X":"PARTIALLY_FILLED","i":5550001234,"l":"0.25","z":"0.25","L":"3012.5","n":"0.30125","N":"USDT","T":1767225600123,"t":912345001,"b":"0","a":"1506.25","m":true,"R":true,"wt":"CONTRACT_PRICE","ot":"LIMIT","ps":"LONG","cp":false,"rp":"-1.875","pP":false,"si":0,"ss":0,"V":"EXPIRE_NONE","pm":"NONE","gtd":0}}""";

    [Fact]
    public void UserTrades_row_becomes_a_fill_with_trade_id_order_id_and_signed_fee()
    {
        var fill = BinanceUserTrade.Parse(RestRow).ToFill(Venue, Account);

        Assert.Equal(
            new Fill(Venue, Account, "ETHUSDT", Side.Sell, PositionSide.Long, 0.250m, 3012.50m, 0.30125000m, "USDT", "912345001",
                DateTimeOffset.FromUnixTimeMilliseconds(1767225600123), OrderId: "5550001234"),
            fill);
        Assert.Equal(new PositionKey(Venue, Account, "ETHUSDT", PositionSide.Long), fill.Key);
    }

    [Fact]
    public void Same_trade_via_rest_and_via_stream_has_equal_identity_and_content()
    {
        var rest = BinanceUserTrade.Parse(RestRow).ToFill(Venue, Account);
        var stream = Assert.IsType<BinanceUserDataEvent.OrderTradeUpdate>(BinanceUserDataParser.Parse(StreamUpdate)).ToFill(Venue, Account);

        Assert.Equal(rest.Key, stream.Key);
        Assert.Equal(rest.TradeId, stream.TradeId);
        // REST rows carry no client order id; everything else is the same fill.
        Assert.Null(rest.ClientOrderId);
        Assert.Equal("close-long-7", stream.ClientOrderId);
        Assert.Equal(rest with { ClientOrderId = stream.ClientOrderId }, stream);
    }

    [FixtureFact]
    public void Recorded_userTrades_rows_become_fills_in_order()
    {
        var fills = BinanceUserTrade.ParseList(BinanceFixtures.RawText("nautilus_fapi_rest_user_trades.json"))
            .Select(row => row.ToFill(Venue, Account))
            .ToList();

        Assert.Equal(["82357626", "82357629"], fills.Select(fill => fill.TradeId));
        Assert.Equal(["831238666", "831238690"], fills.Select(fill => fill.OrderId));
        Assert.Equal([-0.005m, 0.005m], fills.Select(fill => fill.SignedQuantity));
        Assert.Equal(0.00555800m, fills[1].Fee);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1645930333910), fills[1].Timestamp);
        Assert.All(fills, fill => Assert.Equal(PositionSide.Both, fill.PositionSide));
    }

    [FixtureTheory]
    [InlineData("roq_fapi_ws_order_trade_update_filled_maker.json", "673747843", "17803846427", Side.Sell, 5, 1.1583, 0.00115829)]
    [InlineData("roq_fapi_ws_order_trade_update_filled_taker.json", "673771916", "17804214275", Side.Buy, 10, 1.1559, 0.00462360)]
    public void Recorded_trade_order_updates_become_fills(string fixture, string tradeId, string orderId, Side side, int quantity, double price, double fee)
    {
        var update = Assert.IsType<BinanceUserDataEvent.OrderTradeUpdate>(BinanceUserDataParser.Parse(BinanceFixtures.RawText(fixture)));
        var raw = BinanceFixtures.Raw(fixture).GetProperty("o");

        var fill = update.ToFill(Venue, Account);

        // InlineData cannot hold decimals; the doubles only name the expected value, the check is against raw.
        Assert.Equal(raw.Dec("L"), fill.Price);
        Assert.Equal(raw.Dec("n"), fill.Fee);
        Assert.Equal((decimal)price, fill.Price);
        Assert.Equal((decimal)fee, fill.Fee);
        Assert.Equal(quantity, fill.Quantity);
        Assert.Equal(tradeId, fill.TradeId);
        Assert.Equal(orderId, fill.OrderId);
        Assert.Equal(raw.Str("c"), fill.ClientOrderId);
        Assert.Equal(side, fill.Side);
        Assert.Equal("USDT", fill.FeeAsset);
        Assert.Equal(PositionSide.Both, fill.PositionSide);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(raw.Int("T")), fill.Timestamp);
    }

    [Fact]
    public void Trade_update_without_n_and_N_becomes_a_fill_with_zero_fee_and_no_asset()
    {
        var json = StreamUpdate.Replace("\"n\":\"0.30125\",\"N\":\"USDT\",", "", StringComparison.Ordinal);
        Assert.NotEqual(StreamUpdate, json);

        var fill = Assert.IsType<BinanceUserDataEvent.OrderTradeUpdate>(BinanceUserDataParser.Parse(json)).ToFill(Venue, Account);

        Assert.Equal(0m, fill.Fee);
        Assert.Null(fill.FeeAsset);
    }

    [Fact]
    public void Trade_update_with_negative_commission_keeps_the_rebate_in_the_fill()
    {
        var json = StreamUpdate.Replace("\"n\":\"0.30125\"", "\"n\":\"-0.06025\"", StringComparison.Ordinal);

        var fill = Assert.IsType<BinanceUserDataEvent.OrderTradeUpdate>(BinanceUserDataParser.Parse(json)).ToFill(Venue, Account);

        Assert.Equal(-0.06025m, fill.Fee);
    }

    [Fact]
    public void UserTrades_row_with_negative_commission_keeps_the_rebate_in_the_fill()
    {
        var json = RestRow.Replace("\"commission\":\"0.30125000\"", "\"commission\":\"-0.06025000\"", StringComparison.Ordinal);

        Assert.Equal(-0.06025m, BinanceUserTrade.Parse(json).ToFill(Venue, Account).Fee);
    }

    [FixtureTheory]
    [InlineData("nautilus_fapi_ws_order_update_liquidation_synthetic.json", PositionSide.Long, Side.Sell, "1122334455")]
    [InlineData("nautilus_fapi_ws_order_update_adl_synthetic.json", PositionSide.Short, Side.Buy, "2233445566")]
    public void Liquidation_and_adl_fills_close_the_right_book(string fixture, PositionSide book, Side side, string tradeId)
    {
        var fill = Assert.IsType<BinanceUserDataEvent.OrderTradeUpdate>(BinanceUserDataParser.Parse(BinanceFixtures.RawText(fixture))).ToFill(Venue, Account);

        Assert.Equal(book, fill.PositionSide);
        Assert.Equal(side, fill.Side);
        Assert.Equal(tradeId, fill.TradeId);
    }

    [FixtureTheory]
    [InlineData("roq_fapi_ws_order_trade_update_new.json")]
    [InlineData("roq_fapi_ws_order_trade_update_canceled.json")]
    [InlineData("roq_papi_um_ws_order_trade_update_new.json")]
    public void Order_update_that_is_not_a_fill_refuses_to_become_one(string fixture)
    {
        var update = Assert.IsType<BinanceUserDataEvent.OrderTradeUpdate>(BinanceUserDataParser.Parse(BinanceFixtures.RawText(fixture)));

        Assert.False(update.Order.IsFill);
        Assert.Throws<InvalidOperationException>(() => update.ToFill(Venue, Account));
    }

    [FixtureFact]
    public void Trade_lite_becomes_a_fill_with_the_exact_19_digit_order_id_and_no_fee()
    {
        var lite = Assert.IsType<BinanceUserDataEvent.TradeLite>(BinanceUserDataParser.Parse(BinanceFixtures.RawText("nautilus_fapi_ws_trade_lite.json")));

        var fill = lite.ToFill(Venue, Account, PositionSide.Both);

        Assert.Equal("8389765739703625592", fill.OrderId);
        Assert.Equal("4467432841", fill.TradeId);
        Assert.Equal("O-20240930-081155-001-000-29", fill.ClientOrderId);
        Assert.Equal(0.037m, fill.Quantity);
        Assert.Equal(2631.90m, fill.Price);
        Assert.Equal(Side.Buy, fill.Side);
        Assert.Equal(0m, fill.Fee);
        Assert.Null(fill.FeeAsset);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1727683915920), fill.Timestamp);
    }

    [FixtureFact]
    public void Trade_lite_and_its_order_update_share_identity_and_differ_only_in_fee()
    {
        var lite = Assert.IsType<BinanceUserDataEvent.TradeLite>(BinanceUserDataParser.Parse(BinanceFixtures.RawText("nautilus_fapi_ws_trade_lite.json")));
        // The ORDER_TRADE_UPDATE that follows the recorded TRADE_LITE (hand-written: same s, S, c, i, t, l, L, T).
        const string follow =
            """{"e":"ORDER_TRADE_UPDATE","E":1727683915921,"T":1727683915920,"o":{"s":"ETHUSDT","c":"O-20240930-081155-001-000-29","S":"BUY","o":"LIMIT","f":"GTC","q":"0.037","p":"2631.90","ap":"2631.90","sp":"0","x":"TRADE","X":"FILLED","i":8389765739703625592,"l":"0.037","z":"0.037","L":"2631.90","n":"0.04869015","N":"USDT","T":1727683915920,"t":4467432841,"b":"0","a":"0","m":false,"R":false,"wt":"CONTRACT_PRICE","ot":"LIMIT","ps":"BOTH","cp":false,"rp":"0","pP":false,"si":0,"ss":0}}""";
        var full = Assert.IsType<BinanceUserDataEvent.OrderTradeUpdate>(BinanceUserDataParser.Parse(follow)).ToFill(Venue, Account);

        var provisional = lite.ToFill(Venue, Account, full.PositionSide);

        Assert.Equal(full.Key, provisional.Key);
        Assert.Equal(full.TradeId, provisional.TradeId);
        Assert.Equal(full with { Fee = 0m, FeeAsset = null }, provisional);
    }

    [FixtureFact]
    public void Spot_maker_fill_paid_in_bnb_becomes_a_both_book_fill()
    {
        var report = Assert.IsType<BinanceUserDataEvent.ExecutionReport>(
            BinanceUserDataParser.Parse(BinanceFixtures.RawText("roq_spot_ws_execution_report_wrapped_maker_filled.json")));

        var fill = report.ToFill("binance-spot", Account);

        Assert.Equal(
            new Fill("binance-spot", Account, "LTCUSDT", Side.Buy, PositionSide.Both, 0.1m, 198.3m, 0.00003019m, "BNB", "207081035",
                DateTimeOffset.FromUnixTimeMilliseconds(1634906229933), OrderId: "2426862755", ClientOrderId: "SwAC6wMAAQAA8foJ1iQX"),
            fill);
    }

    [FixtureFact]
    public void Spot_report_that_is_not_a_fill_refuses_to_become_one()
    {
        var report = Assert.IsType<BinanceUserDataEvent.ExecutionReport>(
            BinanceUserDataParser.Parse(BinanceFixtures.RawText("roq_spot_ws_execution_report_canceled.json")));

        Assert.Throws<InvalidOperationException>(() => report.ToFill("binance-spot", Account));
    }

    [Fact]
    public void Venue_and_account_must_be_named()
    {
        var trade = BinanceUserTrade.Parse(RestRow);

        Assert.Throws<ArgumentException>(() => trade.ToFill(" ", Account));
        Assert.Throws<ArgumentException>(() => trade.ToFill(Venue, ""));
    }

    [Property(MaxTest = 200)]
    public bool Any_trade_rendered_as_rest_row_and_as_stream_update_gives_one_fill(
        PositiveInt tradeId, long orderId, PositiveInt quantityUnits, PositiveInt priceCents, int feeMicros, bool sell, byte book)
    {
        var id = tradeId.Get;
        var order = orderId == long.MinValue ? long.MaxValue : Math.Abs(orderId);
        var quantity = Text(quantityUnits.Get / 1000m);
        var price = Text(priceCents.Get / 100m);
        var fee = Text(feeMicros / 1_000_000m);
        var side = sell ? "SELL" : "BUY";
        var positionSide = (book % 3) switch { 0 => "BOTH", 1 => "LONG", _ => "SHORT" };

        var rest = BinanceUserTrade.Parse(
            $$"""{"symbol":"BTCUSDT","id":{{id}},"orderId":"{{order}}","side":"{{side}}","price":"{{price}}","qty":"{{quantity}}","commission":"{{fee}}","commissionAsset":"USDT","time":1767225600123,"positionSide":"{{positionSide}}"}""")
            .ToFill(Venue, Account);
        var stream = ((BinanceUserDataEvent.OrderTradeUpdate)BinanceUserDataParser.Parse(
            $$$"""{"e":"ORDER_TRADE_UPDATE","E":1767225600125,"T":1767225600123,"o":{"s":"BTCUSDT","c":"c1","S":"{{{side}}}","o":"LIMIT","q":"{{{quantity}}}","p":"{{{price}}}","x":"TRADE","X":"FILLED","i":{{{order}}},"l":"{{{quantity}}}","z":"{{{quantity}}}","L":"{{{price}}}","n":"{{{fee}}}","N":"USDT","T":1767225600123,"t":"{{{id}}}","ps":"{{{positionSide}}}"}}"""))
            .ToFill(Venue, Account);

        return rest with { ClientOrderId = "c1" } == stream;
    }

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
