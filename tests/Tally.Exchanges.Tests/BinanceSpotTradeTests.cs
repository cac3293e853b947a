using Tally.Core;
using Tally.Exchanges.Binance;

namespace Tally.Exchanges.Tests;

public sealed class BinanceSpotTradeTests
{
    private const string Venue = "binance-spot";
    private const string Account = "main";

    // The reference's myTrades example (binance-wire.md §6.1): a buy whose fee was paid in BNB.
    private const string RestRow =
        """{"symbol":"SOLUSDT","id":70001234,"orderId":9100002222,"orderListId":-1,"price":"142.37000000","qty":"1.50000000","quoteQty":"213.55500000","commission":"0.00009120","commissionAsset":"BNB","time":1767225600456,"isBuyer":true,"isMaker":false,"isBestMatch":true}""";

    // The executionReport Binance sends for the same execution over the 2026 WebSocket API subscription.
    private const string StreamReport =
        """{"subscriptionId":0,"event":{"e":"executionReport","E":1767225600460,"s":"SOLUSDT","c":"buy-sol-1","S":"BUY","o":"MARKET","f":"GTC","q":"1.50000000","p":"0.00000000","P":"0.00000000","F":"0.00000000","g":-1,"C":"","x":"TRADE","X":"FILLED","r":"NONE","i":9100002222,"l":"1.50000000","z":"1.50000000","L":"142.37000000","n":"0.00009120","N":"BNB","T":1767225600456,"t":70001234,"I":1234,"w":false,"m":false,"M":true,"O":1767225600456,"Z":"213.55500000","Y":"213.55500000","Q":"0.00000000","W":1767225600456,"V":"EXPIRE_MAKER"}}""";

    [Fact]
    public void My_trades_row_parses_every_field_and_takes_its_side_from_is_buyer()
    {
        var row = BinanceSpotTrade.Parse(RestRow);

        Assert.Equal(
            new BinanceSpotTrade("SOLUSDT", 70001234, 9100002222, -1, 142.37m, 1.5m, 213.555m, 0.0000912m, "BNB", 1767225600456, IsBuyer: true, IsMaker: false, IsBestMatch: true),
            row);
        Assert.Equal(Side.Buy, row.Side);
        Assert.Equal(Side.Sell, (row with { IsBuyer = false }).Side);
    }

    [Fact]
    public void The_same_spot_trade_via_my_trades_and_via_the_subscription_is_the_same_fill()
    {
        var rest = BinanceSpotTrade.Parse(RestRow).ToFill(Venue, Account);
        var stream = Assert.IsType<BinanceUserDataEvent.ExecutionReport>(BinanceUserDataParser.Parse(StreamReport)).ToFill(Venue, Account);

        Assert.Equal(
            new Fill(Venue, Account, "SOLUSDT", Side.Buy, PositionSide.Both, 1.5m, 142.37m, 0.0000912m, "BNB", "70001234",
                DateTimeOffset.FromUnixTimeMilliseconds(1767225600456), OrderId: "9100002222"),
            rest);
        Assert.Equal(rest with { ClientOrderId = "buy-sol-1" }, stream);
    }

    [Fact]
    public void A_row_without_is_buyer_is_refused_naming_the_field()
    {
        var error = Assert.ThrowsAny<FormatException>(() => BinanceSpotTrade.Parse(RestRow.Replace("\"isBuyer\":true,", string.Empty, StringComparison.Ordinal)));

        Assert.Contains("isBuyer", error.Message, StringComparison.Ordinal);
    }

    [FixtureFact]
    public void The_recorded_empty_ws_api_my_trades_result_parses_as_no_rows()
    {
        var reply = BinanceWsApiResponse.Parse(BinanceFixtures.RawText("roq_spot_wsapi_my_trades_empty.json"));

        Assert.Empty(BinanceSpotTrade.ParseList(reply.ResultJson!));
    }
}
