using System.Globalization;
using System.Text.Json;
using Tally.Core;
using Tally.Import;
using static Tally.Import.Tests.BinanceFixtureTests;

namespace Tally.Import.Tests;

public sealed class BinanceFuturesTradesJsonTests
{
    private const string UserTradesFixture = "nautilus_fapi_rest_user_trades.json";

    private static List<RowResult> Read(string json, FillReadOptions? options = null) =>
        BinanceFixtureTests.Read(BinanceFuturesTradesJson.Read, json, options);

    private static string Trade(string id = "1", string price = "\"100\"", string qty = "\"0.5\"", string commission = "\"0.02\"", string extra = "") =>
        $$"""{"symbol":"BTCUSDT","id":{{id}},"orderId":77,"side":"BUY","price":{{price}},"qty":{{qty}},"commission":{{commission}},"commissionAsset":"USDT","time":1700000000000,"positionSide":"BOTH"{{extra}}}""";

    [FixtureFact]
    public void Recorded_userTrades_body_maps_every_field()
    {
        var fills = Fills(Read(RawText(UserTradesFixture)));

        Assert.Equal(2, fills.Count);
        var sell = fills[0];
        Assert.Equal(1, sell.Line);
        Assert.Equal(
            new Fill(
                Venue: "binance-futures",
                Account: "default",
                Symbol: "ETHUSDT",
                Side: Side.Sell,
                PositionSide: PositionSide.Both,
                Quantity: 0.005m,
                Price: 2778.35m,
                Fee: 0.00555670m,
                FeeAsset: "USDT",
                TradeId: "82357626",
                Timestamp: DateTimeOffset.FromUnixTimeMilliseconds(1645930322371),
                OrderId: "831238666"),
            sell.Fill);

        var buy = fills[1];
        Assert.Equal(2, buy.Line);
        Assert.Equal(
            new Fill(
                Venue: "binance-futures",
                Account: "default",
                Symbol: "ETHUSDT",
                Side: Side.Buy,
                PositionSide: PositionSide.Both,
                Quantity: 0.005m,
                Price: 2779m,
                Fee: 0.00555800m,
                FeeAsset: "USDT",
                TradeId: "82357629",
                Timestamp: new DateTimeOffset(2022, 2, 27, 2, 52, 13, 910, TimeSpan.Zero),
                OrderId: "831238690"),
            buy.Fill);
    }

    [FixtureFact]
    public void Recorded_userTrades_fills_agree_with_the_fixtures_parsed_values()
    {
        var expected = Fixture(UserTradesFixture).GetProperty("raw").EnumerateArray().ToList();
        var fills = Fills(Read(RawText(UserTradesFixture)));

        Assert.Equal(expected.Count, fills.Count);
        foreach (var (record, parsed) in expected.Zip(fills))
        {
            var fill = parsed.Fill;
            Assert.Equal(record.GetProperty("symbol").GetString(), fill.Symbol);
            Assert.Equal(record.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture), fill.TradeId);
            Assert.Equal(record.GetProperty("orderId").GetInt64().ToString(CultureInfo.InvariantCulture), fill.OrderId);
            Assert.Equal(record.GetProperty("side").GetString(), fill.Side.ToWireName());
            Assert.Equal(decimal.Parse(record.GetProperty("price").GetString()!, CultureInfo.InvariantCulture), fill.Price);
            Assert.Equal(decimal.Parse(record.GetProperty("qty").GetString()!, CultureInfo.InvariantCulture), fill.Quantity);
            Assert.Equal(decimal.Parse(record.GetProperty("commission").GetString()!, CultureInfo.InvariantCulture), fill.Fee);
            Assert.Equal(record.GetProperty("commissionAsset").GetString(), fill.FeeAsset);
            Assert.Equal(record.GetProperty("time").GetInt64(), fill.Timestamp!.Value.ToUnixTimeMilliseconds());
            Assert.Equal(record.GetProperty("positionSide").GetString(), fill.PositionSide.ToWireName());
        }
    }

    [FixtureFact]
    public void Raw_keeps_each_records_json_text_as_it_was_sent()
    {
        var raw = RawText(UserTradesFixture);
        var fills = Fills(Read(raw));

        foreach (var fill in fills)
        {
            Assert.NotNull(fill.Raw);
            Assert.Contains(fill.Raw, raw, StringComparison.Ordinal);
            using var record = JsonDocument.Parse(fill.Raw);
            Assert.Equal(fill.Fill.TradeId, record.RootElement.GetProperty("id").GetRawText());
        }

        Assert.Contains("\"realizedPnl\": \"-0.00325000\"", fills[1].Raw, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_commission_is_kept_as_a_rebate()
    {
        var fill = Assert.Single(Fills(Read($"[{Trade(commission: "\"-0.00123400\"")}]")));

        Assert.Equal(-0.001234m, fill.Fill.Fee);
        Assert.Equal("USDT", fill.Fill.FeeAsset);
    }

    [Theory]
    [InlineData("9007199254740993")]
    [InlineData("\"9007199254740993\"")]
    public void Ids_above_2_pow_53_keep_every_digit(string id)
    {
        // 2^53 + 1 is the first integer a double cannot hold; orderId is a real one from a TRADE_LITE event.
        var json = $$"""[{"symbol":"ETHUSDT","id":{{id}},"orderId":8389765739703625592,"side":"BUY","price":"2631.90","qty":"0.037","time":1727683915920}]""";

        var fill = Assert.Single(Fills(Read(json))).Fill;

        Assert.Equal("9007199254740993", fill.TradeId);
        Assert.Equal("8389765739703625592", fill.OrderId);
    }

    [Theory]
    [InlineData("82357626", "\"2778.35\"", "\"0.005\"", "1645930322371")]
    [InlineData("\"82357626\"", "2778.35", "0.005", "\"1645930322371\"")]
    [InlineData("\"82357626\"", "\"2778.35\"", "5E-3", "1645930322371")]
    public void Ids_times_and_decimals_may_be_numbers_or_strings(string id, string price, string qty, string time)
    {
        var json = $$"""[{"symbol":"ETHUSDT","id":{{id}},"orderId":"831238666","side":"SELL","price":{{price}},"qty":{{qty}},"commission":0.0055567,"commissionAsset":"USDT","time":{{time}}}]""";

        var fill = Assert.Single(Fills(Read(json))).Fill;

        Assert.Equal("82357626", fill.TradeId);
        Assert.Equal("831238666", fill.OrderId);
        Assert.Equal(2778.35m, fill.Price);
        Assert.Equal(0.005m, fill.Quantity);
        Assert.Equal(0.0055567m, fill.Fee);
        Assert.Equal(1645930322371, fill.Timestamp!.Value.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Decimal_numbers_keep_digits_a_double_would_lose()
    {
        // 0.1 + 0.2 style damage shows in the last digits; a 28-digit value survives only if never a double.
        var fill = Assert.Single(Fills(Read($"[{Trade(price: "12345678901234.567890123456")}]"))).Fill;

        Assert.Equal(12345678901234.567890123456m, fill.Price);
    }

    [Theory]
    [InlineData("]\n[")]
    [InlineData("][")]
    [InlineData("]\r\n\r\n  [")]
    public void Concatenated_pages_are_read_in_order_and_numbered_across_pages(string between)
    {
        var json = $"[{Trade("1")},{Trade("2")}{between}{Trade("3")}]";

        var fills = Fills(Read(json));

        Assert.Equal(["1", "2", "3"], fills.Select(f => f.Fill.TradeId));
        Assert.Equal([1, 2, 3], fills.Select(f => f.Line));
    }

    [Fact]
    public void Bad_price_is_reported_with_its_record_number_and_the_other_records_still_parse()
    {
        var rows = Read($"[{Trade("1")}][{Trade("2", price: "\"abc\"")},{Trade("3")}]");

        Assert.Equal(3, rows.Count);
        var error = SingleError(rows);
        Assert.Equal(new RowError(2, "price", "abc", "is not a positive number"), error);
        Assert.Equal("line 2, column price: \"abc\" is not a positive number", error.ToString());
        Assert.Equal(["1", "3"], rows.Where(r => r.Fill is not null).Select(r => r.Fill!.Fill.TradeId));
    }

    [Theory]
    [InlineData("symbol", "is missing or empty")]
    [InlineData("id", "is missing or empty")]
    [InlineData("side", "is missing or empty")]
    [InlineData("qty", "is missing or empty")]
    [InlineData("price", "is missing or empty")]
    public void Missing_required_field_is_reported_by_its_name(string field, string problem)
    {
        using var document = JsonDocument.Parse(Trade());
        var without = document.RootElement.EnumerateObject().Where(p => p.Name != field).Select(p => $"\"{p.Name}\":{p.Value.GetRawText()}");

        var error = SingleError(Read($"[{{{string.Join(',', without)}}}]"));

        Assert.Equal(new RowError(1, field, "", problem), error);
    }

    [Theory]
    [InlineData("\"side\":\"HOLD\"", "side", "HOLD", "is not BUY or SELL")]
    [InlineData("\"positionSide\":\"UP\"", "positionSide", "UP", "is not BOTH, LONG or SHORT")]
    [InlineData("\"time\":\"yesterday\"", "time", "yesterday", "is not a time in Unix milliseconds")]
    [InlineData("\"id\":12.5", "id", "12.5", "is not a whole number id")]
    [InlineData("\"orderId\":\"x1\"", "orderId", "x1", "is not a whole number id")]
    [InlineData("\"commission\":\"free\"", "commission", "free", "is not a number")]
    [InlineData("\"qty\":\"0\"", "qty", "0", "is not a positive number")]
    public void Bad_field_values_are_row_errors_naming_the_field(string replacement, string field, string value, string problem)
    {
        // Later keys win in our reader as in most JSON readers; replace instead of appending to be sure.
        var name = replacement[..replacement.IndexOf(':', StringComparison.Ordinal)];
        using var document = JsonDocument.Parse(Trade());
        var fields = document.RootElement.EnumerateObject().Select(p => $"\"{p.Name}\"" == name ? replacement : $"\"{p.Name}\":{p.Value.GetRawText()}");

        var error = SingleError(Read($"[{{{string.Join(',', fields)}}}]"));

        Assert.Equal(new RowError(1, field, value, problem), error);
    }

    [Fact]
    public void Record_that_is_not_an_object_is_a_row_error()
    {
        var rows = Read($"[42,{Trade()}]");

        Assert.Equal(new RowError(1, "record", "42", "is not a JSON object"), SingleError(rows));
        Assert.Equal(2, Assert.Single(rows, r => r.Fill is not null).Fill!.Line);
    }

    [Theory]
    [InlineData("LONG", PositionSide.Long)]
    [InlineData("SHORT", PositionSide.Short)]
    [InlineData("BOTH", PositionSide.Both)]
    public void Position_side_is_read_from_positionSide(string wire, PositionSide expected)
    {
        var json = $"[{Trade().Replace("\"positionSide\":\"BOTH\"", $"\"positionSide\":\"{wire}\"", StringComparison.Ordinal)}]";

        Assert.Equal(expected, Assert.Single(Fills(Read(json))).Fill.PositionSide);
    }

    [Fact]
    public void Hedge_mode_refuses_BOTH_and_names_the_positionSide_field()
    {
        var error = SingleError(Read($"[{Trade()}]", Options(PositionMode.Hedge)));

        Assert.Equal(new RowError(1, "positionSide", "BOTH", "must be LONG or SHORT in hedge mode"), error);
    }

    [Fact]
    public void Repeated_trade_id_across_pages_is_refused_as_a_duplicate()
    {
        var rows = Read($"[{Trade("5")}]\n[{Trade("5")}]");

        var error = SingleError(rows);
        Assert.Equal(2, error.Line);
        Assert.Equal("id", error.Column);
        Assert.Equal("5", error.Value);
    }

    [Fact]
    public void Same_trade_id_on_another_symbol_is_another_trade()
    {
        var other = Trade("5").Replace("BTCUSDT", "ETHUSDT", StringComparison.Ordinal);

        Assert.Equal(2, Fills(Read($"[{Trade("5")},{other}]")).Count);
    }

    [Fact]
    public void Unknown_symbol_is_a_row_error()
    {
        var json = $"[{Trade().Replace("BTCUSDT", "WHATEVER", StringComparison.Ordinal)}]";

        var error = SingleError(Read(json));

        Assert.Equal(1, error.Line);
        Assert.Equal("symbol", error.Column);
        Assert.Equal("WHATEVER", error.Value);
    }

    [Fact]
    public void Venue_and_account_default_and_follow_the_options()
    {
        var byDefault = Assert.Single(Fills(Read($"[{Trade()}]"))).Fill;
        var overridden = Assert.Single(Fills(Read($"[{Trade()}]", Options(venue: "binance-um", account: "main")))).Fill;

        Assert.Equal(("binance-futures", "default"), (byDefault.Venue, byDefault.Account));
        Assert.Equal(("binance-um", "main"), (overridden.Venue, overridden.Account));
    }

    [Fact]
    public void Missing_commission_and_position_side_leave_no_fee_and_BOTH()
    {
        var json = """[{"symbol":"BTCUSDT","id":1,"orderId":2,"side":"SELL","price":"100","qty":"1","time":1700000000000}]""";

        var fill = Assert.Single(Fills(Read(json))).Fill;

        Assert.Equal(0m, fill.Fee);
        Assert.Null(fill.FeeAsset);
        Assert.Equal(PositionSide.Both, fill.PositionSide);
    }

    [Theory]
    [InlineData("\"time\":1700000000000,", "time")]
    [InlineData("\"orderId\":2,", "orderId")]
    public void A_record_without_time_or_orderId_is_refused_as_the_wire_model_refuses_it(string removed, string field)
    {
        // Binance always sends both; tally sync refuses such a row, so import does too rather than store a fill sync would not.
        var json = """[{"symbol":"BTCUSDT","id":1,"orderId":2,"side":"SELL","price":"100","qty":"1","time":1700000000000,"positionSide":"BOTH"}]""".Replace(removed, string.Empty, StringComparison.Ordinal);

        Assert.Equal(new RowError(1, field, "", "is missing or empty"), SingleError(Read(json)));
    }

    [Theory]
    [InlineData("1700000000", "looks like Unix seconds, not milliseconds (times before 1973-03-03 are refused)")]
    [InlineData("-5", "is not a time in Unix milliseconds")]
    public void A_time_that_is_not_plausible_Unix_milliseconds_is_refused(string time, string problem)
    {
        var json = $"[{Trade().Replace("1700000000000", time, StringComparison.Ordinal)}]";

        Assert.Equal(new RowError(1, "time", time, problem), SingleError(Read(json)));
    }

    [Fact]
    public void Empty_page_yields_no_rows()
    {
        Assert.Empty(Read("[]\n[]"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n ")]
    [InlineData("\uFEFF")]
    public void Empty_file_is_a_whole_file_error(string text)
    {
        var error = Assert.Throws<InputFileException>(() => Read(text));

        Assert.Equal("test.json: the file is empty (a JSON array of trades is required)", error.Message);
    }

    [Fact]
    public void Invalid_json_is_a_whole_file_error_that_says_where()
    {
        var error = Assert.Throws<InputFileException>(() => BinanceFuturesTradesJson.Read(new StringReader($"[{Trade()}]\n[{{\"symbol\":"), "page.json", Options()));

        Assert.StartsWith("page.json: not valid JSON at line 2,", error.Message, StringComparison.Ordinal);
    }

    [FixtureFact]
    public void Saved_error_body_is_reported_as_the_venue_refusing_the_request()
    {
        var error = Assert.Throws<InputFileException>(() => Read(RawText("roq_fapi_rest_error_simple.json")));

        Assert.Equal(
            "test.json: page 1 is a Binance error response (code -4164: Order's notional must be no smaller than 5.0 (unless you choose reduce only)), not a list of trades",
            error.Message);
    }

    [Fact]
    public void Top_level_value_that_is_not_a_page_is_a_whole_file_error()
    {
        var error = Assert.Throws<InputFileException>(() => Read($"[{Trade()}]\n{Trade()}"));

        Assert.StartsWith("test.json: page 2 is an object without a \"result\" array, expected a JSON array of trades: {\"symbol\":\"BTCUSDT\"", error.Message, StringComparison.Ordinal);
    }
}
