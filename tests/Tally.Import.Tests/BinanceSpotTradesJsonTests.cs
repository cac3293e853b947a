using Tally.Core;
using Tally.Import;
using static Tally.Import.Tests.BinanceFixtureTests;

namespace Tally.Import.Tests;

public sealed class BinanceSpotTradesJsonTests
{
    // The row shown for GET /api/v3/myTrades in binance-wire.md §6.1: a buy whose fee was paid in BNB.
    private const string WireExample =
        """{"symbol":"SOLUSDT","id":70001234,"orderId":9100002222,"orderListId":-1,"price":"142.37000000","qty":"1.50000000","quoteQty":"213.55500000","commission":"0.00009120","commissionAsset":"BNB","time":1767225600456,"isBuyer":true,"isMaker":false,"isBestMatch":true}""";

    private static readonly Instrument SolUsdtSpot = Instrument.Create("SOLUSDT", InstrumentKind.Spot, "SOL", "USDT");

    private static List<RowResult> Read(string json, FillReadOptions? options = null) =>
        BinanceFixtureTests.Read(BinanceSpotTradesJson.Read, json, options);

    private static string Trade(string id, bool isBuyer, string commission = "\"0.1\"", string commissionAsset = "USDT") =>
        $$"""{"symbol":"SOLUSDT","id":{{id}},"orderId":1,"price":"150","qty":"2","quoteQty":"300","commission":{{commission}},"commissionAsset":"{{commissionAsset}}","time":1767225600000,"isBuyer":{{(isBuyer ? "true" : "false")}},"isMaker":true}""";

    [Fact]
    public void Wire_example_maps_every_field_with_the_BNB_commission_kept_in_BNB()
    {
        var parsed = Assert.Single(Fills(Read($"[{WireExample}]")));

        Assert.Equal(
            new Fill(
                Venue: "binance-spot",
                Account: "default",
                Symbol: "SOLUSDT",
                Side: Side.Buy,
                PositionSide: PositionSide.Both,
                Quantity: 1.5m,
                Price: 142.37m,
                Fee: 0.0000912m,
                FeeAsset: "BNB",
                TradeId: "70001234",
                Timestamp: DateTimeOffset.FromUnixTimeMilliseconds(1767225600456),
                OrderId: "9100002222"),
            parsed.Fill);
        Assert.Equal(WireExample, parsed.Raw);
    }

    [Theory]
    [InlineData("true", Side.Buy)]
    [InlineData("false", Side.Sell)]
    [InlineData("\"true\"", Side.Buy)]
    [InlineData("\"FALSE\"", Side.Sell)]
    public void IsBuyer_true_is_a_buy_and_false_a_sell(string isBuyer, Side expected)
    {
        var json = $"[{WireExample.Replace("\"isBuyer\":true", $"\"isBuyer\":{isBuyer}", StringComparison.Ordinal)}]";

        Assert.Equal(expected, Assert.Single(Fills(Read(json))).Fill.Side);
    }

    [Fact]
    public void Missing_isBuyer_is_a_row_error_because_spot_trades_carry_no_side()
    {
        var json = $"[{WireExample.Replace("\"isBuyer\":true,", "", StringComparison.Ordinal)}]";

        Assert.Equal(new RowError(1, "isBuyer", "", "is missing or empty"), SingleError(Read(json)));
    }

    [Fact]
    public void IsBuyer_that_is_not_a_flag_is_a_row_error()
    {
        var json = $"[{WireExample.Replace("\"isBuyer\":true", "\"isBuyer\":\"yes\"", StringComparison.Ordinal)}]";

        Assert.Equal(new RowError(1, "isBuyer", "yes", "is not true or false"), SingleError(Read(json)));
    }

    [Fact]
    public void Pages_are_read_in_order_with_buys_and_sells()
    {
        var fills = Fills(Read($"[{Trade("10", isBuyer: true)}]\n[{Trade("11", isBuyer: false)},{Trade("12", isBuyer: true)}]"));

        Assert.Equal([("10", Side.Buy, 1), ("11", Side.Sell, 2), ("12", Side.Buy, 3)], fills.Select(f => (f.Fill.TradeId, f.Fill.Side, f.Line)));
    }

    [FixtureFact]
    public void WebSocket_API_myTrades_response_with_an_empty_result_yields_no_rows()
    {
        Assert.Empty(Read(RawText("roq_spot_wsapi_my_trades_empty.json")));
    }

    [Fact]
    public void WebSocket_API_myTrades_response_result_is_read_as_one_page()
    {
        var json = $$"""{"id":"q1","status":200,"result":[{{WireExample}}],"rateLimits":[]}""";

        Assert.Equal("70001234", Assert.Single(Fills(Read(json))).Fill.TradeId);
    }

    [Fact]
    public void Failed_WebSocket_API_response_is_a_whole_file_error()
    {
        var json = """{"id":"q1","status":400,"error":{"code":-1121,"msg":"Invalid symbol."}}""";

        var error = Assert.Throws<InputFileException>(() => Read(json));

        Assert.Equal("test.json: page 1 is a Binance error response (code -1121: Invalid symbol.), not a list of trades", error.Message);
    }

    [Fact]
    public void Base_asset_fee_is_accepted_when_smaller_than_the_quantity_bought()
    {
        var json = $"[{Trade("1", isBuyer: true, commission: "\"0.002\"", commissionAsset: "SOL")}]";

        var fill = Assert.Single(Fills(Read(json, Options(instrument: SolUsdtSpot)))).Fill;

        Assert.Equal((0.002m, "SOL"), (fill.Fee, fill.FeeAsset));
    }

    [Fact]
    public void Base_asset_fee_as_large_as_the_quantity_is_refused_under_the_commission_field()
    {
        var json = $"[{Trade("1", isBuyer: true, commission: "\"2\"", commissionAsset: "SOL")}]";

        var error = SingleError(Read(json, Options(instrument: SolUsdtSpot)));

        Assert.Equal(new RowError(1, "commission", "2", "must be smaller than qty when charged in the base asset"), error);
    }

    [Fact]
    public void Spot_fills_are_one_way_so_hedge_mode_refuses_them()
    {
        var error = SingleError(Read($"[{WireExample}]", Options(PositionMode.Hedge)));

        Assert.Equal(new RowError(1, "positionSide", "BOTH", "must be LONG or SHORT in hedge mode"), error);
    }

    [Fact]
    public void Repeated_trade_id_is_refused_under_the_id_field()
    {
        var error = SingleError(Read($"[{Trade("7", isBuyer: true)},{Trade("7", isBuyer: false)}]"));

        Assert.Equal((2, "id", "7"), (error.Line, error.Column, error.Value));
    }

    [Fact]
    public void Venue_defaults_to_binance_spot_and_follows_the_options()
    {
        Assert.Equal("binance-spot", Assert.Single(Fills(Read($"[{WireExample}]"))).Fill.Venue);
        Assert.Equal("bn", Assert.Single(Fills(Read($"[{WireExample}]", Options(venue: "bn")))).Fill.Venue);
    }
}
