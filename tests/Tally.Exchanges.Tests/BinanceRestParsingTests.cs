using Tally.Core;
using Tally.Exchanges.Binance;

namespace Tally.Exchanges.Tests;

public sealed class BinanceRestParsingTests
{
    [FixtureFact]
    public void UserTrades_rows_are_read_field_by_field()
    {
        const string fixture = "nautilus_fapi_rest_user_trades.json";
        var rows = BinanceUserTrade.ParseList(BinanceFixtures.RawText(fixture));
        var raw = BinanceFixtures.Raw(fixture);

        Assert.Equal(raw.GetArrayLength(), rows.Count);
        for (var index = 0; index < rows.Count; index++)
        {
            var expected = raw.At(index);
            var row = rows[index];
            Assert.Equal(expected.Str("symbol"), row.Symbol);
            Assert.Equal(expected.Int("id"), row.Id);
            Assert.Equal(expected.Int("orderId"), row.OrderId);
            Assert.Equal(expected.Str("side"), row.Side.ToWireName());
            Assert.Equal(expected.Dec("price"), row.Price);
            Assert.Equal(expected.Dec("qty"), row.Quantity);
            Assert.Equal(expected.Dec("quoteQty"), row.QuoteQuantity);
            Assert.Equal(expected.Dec("realizedPnl"), row.RealizedPnl);
            Assert.Equal(expected.Str("marginAsset"), row.MarginAsset);
            Assert.Equal(expected.Dec("commission"), row.Commission);
            Assert.Equal(expected.Str("commissionAsset"), row.CommissionAsset);
            Assert.Equal(expected.Int("time"), row.Time);
            Assert.Equal(expected.Str("positionSide"), row.PositionSide.ToWireName());
            Assert.Equal(expected.Flag("buyer"), row.IsBuyer);
            Assert.Equal(expected.Flag("maker"), row.IsMaker);
        }
    }

    [FixtureFact]
    public void UserTrades_keep_the_decimal_text_exactly()
    {
        var rows = BinanceUserTrade.ParseList(BinanceFixtures.RawText("nautilus_fapi_rest_user_trades.json"));

        // decimal keeps trailing zeros: "0.00555670" stays at scale 8, "-0.00325000" keeps sign and scale.
        Assert.Equal("0.00555670", rows[0].Commission.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("-0.00325000", rows[1].RealizedPnl.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(82357629L, rows[1].Id);
    }

    [Fact]
    public void UserTrades_row_accepts_ids_and_times_as_strings_and_decimals_as_numbers()
    {
        var row = BinanceUserTrade.Parse(
            """{"symbol":"ETHUSDT","id":"912345001","orderId":"8389765739703625592","side":"SELL","price":3012.50,"qty":"0.250","commission":"-0.01","time":"1767225600123","positionSide":"LONG"}""");

        Assert.Equal(912345001L, row.Id);
        Assert.Equal(8389765739703625592L, row.OrderId);
        Assert.Equal(3012.50m, row.Price);
        Assert.Equal(-0.01m, row.Commission);
        Assert.Equal(1767225600123L, row.Time);
        Assert.Equal(PositionSide.Long, row.PositionSide);
    }

    [Fact]
    public void Decimals_are_read_from_their_text_not_through_double()
    {
        // 26 significant digits: a double keeps about 17, so any detour through double would change them.
        var row = BinanceUserTrade.Parse(
            """{"symbol":"X","id":1,"orderId":2,"side":"BUY","price":"12345678901234567.123456789","qty":0.1000000000000000000000000001,"time":3}""");

        Assert.Equal(12345678901234567.123456789m, row.Price);
        Assert.Equal(0.1000000000000000000000000001m, row.Quantity);
    }

    [Fact]
    public void UserTrades_row_tolerates_missing_optional_fields()
    {
        var row = BinanceUserTrade.Parse("""{"symbol":"ETHUSDT","id":1,"orderId":2,"side":"BUY","price":"1","qty":"1","time":3}""");

        Assert.Equal(0m, row.Commission);
        Assert.Null(row.CommissionAsset);
        Assert.Equal(0m, row.RealizedPnl);
        Assert.Equal(PositionSide.Both, row.PositionSide);
        Assert.Null(row.QuoteQuantity);
        Assert.Null(row.IsMaker);
    }

    [Theory]
    [InlineData("""{"id":1,"orderId":2,"side":"BUY","price":"1","qty":"1","time":3}""", "'[0].symbol' is missing")]
    [InlineData("""{"symbol":"X","id":1.5,"orderId":2,"side":"BUY","price":"1","qty":"1","time":3}""", "'[0].id'")]
    [InlineData("""{"symbol":"X","id":1,"orderId":2,"side":"HOLD","price":"1","qty":"1","time":3}""", "'[0].side'")]
    [InlineData("""{"symbol":"X","id":1,"orderId":2,"side":"BUY","price":"1,5","qty":"1","time":3}""", "'[0].price'")]
    [InlineData("""{"symbol":"X","id":1,"orderId":2,"side":"BUY","price":"1","qty":"1","time":3,"commission":"n/a"}""", "'[0].commission'")]
    public void UserTrades_malformed_row_names_the_field(string row, string expected)
    {
        var error = Assert.ThrowsAny<FormatException>(() => BinanceUserTrade.ParseList($"[{row}]"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":1,"orderId":2,"side":"BUY","price":"1","qty":"1","time":3}""", "symbol", "", BinanceFieldProblemKind.Missing)]
    [InlineData("""{"symbol":"X","id":1.5,"orderId":2,"side":"BUY","price":"1","qty":"1","time":3}""", "id", "1.5", BinanceFieldProblemKind.Malformed)]
    [InlineData("""{"symbol":"X","id":1,"orderId":2,"side":"HOLD","price":"1","qty":"1","time":3}""", "side", "HOLD", BinanceFieldProblemKind.Malformed)]
    [InlineData("""{"symbol":"X","id":1,"orderId":2,"side":"BUY","price":"1,5","qty":"1","time":3}""", "price", "1,5", BinanceFieldProblemKind.Malformed)]
    [InlineData("""42""", "", "42", BinanceFieldProblemKind.NotAnObject)]
    public void UserTrades_row_read_as_a_result_names_the_field_and_the_value_as_sent(string row, string field, string value, BinanceFieldProblemKind kind)
    {
        using var document = System.Text.Json.JsonDocument.Parse(row);

        var problem = BinanceUserTrade.TryRead(document.RootElement, out var trade);

        Assert.Null(trade);
        Assert.Equal((field, value, kind), (problem!.Field, problem.Value, problem.Kind));
    }

    [Fact]
    public void UserTrades_row_read_as_a_result_equals_the_throwing_parse()
    {
        const string Row = """{"symbol":"X","id":1,"orderId":2,"side":"BUY","price":"1","qty":"1","time":3}""";
        using var document = System.Text.Json.JsonDocument.Parse(Row);

        Assert.Null(BinanceUserTrade.TryRead(document.RootElement, out var trade));
        Assert.Equal(BinanceUserTrade.Parse(Row), trade);
    }

    [Fact]
    public void UserTrades_body_that_is_not_an_array_is_refused()
    {
        var error = Assert.ThrowsAny<FormatException>(() => BinanceUserTrade.ParseList("""{"code":-1121,"msg":"Invalid symbol."}"""));

        Assert.Contains("array", error.Message, StringComparison.Ordinal);
    }

    [FixtureFact]
    public void PositionRisk_hedge_mode_gives_a_long_and_a_short_row()
    {
        const string fixture = "nautilus_fapi_rest_position_risk_v2_hedge.json";
        var rows = BinancePositionRisk.ParseList(BinanceFixtures.RawText(fixture));
        var raw = BinanceFixtures.Raw(fixture);

        Assert.Equal([PositionSide.Long, PositionSide.Short], rows.Select(row => row.PositionSide));
        Assert.Equal(20.000m, rows[0].PositionAmount);
        Assert.Equal(-10.000m, rows[1].PositionAmount);
        for (var index = 0; index < rows.Count; index++)
        {
            AssertPositionRow(raw.At(index), rows[index]);
        }
    }

    [FixtureFact]
    public void PositionRisk_one_way_flat_row_is_a_both_row_with_zero_amount()
    {
        const string fixture = "nautilus_fapi_rest_position_risk_v2_one_way_flat.json";
        var row = Assert.Single(BinancePositionRisk.ParseList(BinanceFixtures.RawText(fixture)));

        Assert.Equal(PositionSide.Both, row.PositionSide);
        Assert.Equal(0m, row.PositionAmount);
        Assert.Equal(0L, row.UpdateTime);
        AssertPositionRow(BinanceFixtures.Raw(fixture).At(0), row);
    }

    [FixtureTheory]
    [InlineData("roq_fapi_wsapi_account_position_fapi.json")]
    [InlineData("roq_dapi_wsapi_account_position_coinm.json")]
    public void WsApi_account_position_result_rows_parse_as_position_risk(string fixture)
    {
        var response = BinanceWsApiResponse.Parse(BinanceFixtures.RawText(fixture));
        var raw = BinanceFixtures.Raw(fixture);

        Assert.Equal(BinanceFixtures.RoqString(fixture, "obj.id"), response.Id);
        Assert.Equal(BinanceFixtures.RoqInt64(fixture, "obj.status"), response.Status);
        Assert.Null(response.Error);
        var rows = BinancePositionRisk.ParseList(response.ResultJson!);
        Assert.Equal(raw.GetProperty("result").GetArrayLength(), rows.Count);
        for (var index = 0; index < rows.Count; index++)
        {
            AssertPositionRow(raw.GetProperty("result").At(index), rows[index]);
        }

        var limit = Assert.Single(response.RateLimits);
        Assert.Equal(new BinanceRateLimit("REQUEST_WEIGHT", "MINUTE", 1, 2400, raw.GetProperty("rateLimits").At(0).GetProperty("count").GetInt32()), limit);
    }

    [FixtureFact]
    public void PositionRisk_coinm_rows_have_no_notional_and_still_parse()
    {
        var response = BinanceWsApiResponse.Parse(BinanceFixtures.RawText("roq_dapi_wsapi_account_position_coinm.json"));
        var rows = BinancePositionRisk.ParseList(response.ResultJson!);

        Assert.All(rows, row => Assert.Null(row.Notional));
        Assert.All(rows, row => Assert.Null(row.MaxNotionalValue));
        Assert.Equal("SOLUSD_260327", rows[0].Symbol);
    }

    [FixtureFact]
    public void PositionSide_dual_true_means_hedge_mode()
    {
        var response = BinancePositionModeResponse.Parse(BinanceFixtures.RawText("nautilus_fapi_rest_position_side_dual.json"));

        Assert.True(response.DualSidePosition);
        Assert.Equal(PositionMode.Hedge, response.Mode);
        Assert.Equal(PositionMode.OneWay, BinancePositionModeResponse.Parse("""{"dualSidePosition":false}""").Mode);
    }

    [FixtureFact]
    public void ListenKey_response_gives_the_key_and_hides_it_when_printed()
    {
        const string fixture = "roq_fapi_rest_listen_key_simple.json";
        var response = BinanceListenKeyResponse.Parse(BinanceFixtures.RawText(fixture));

        Assert.Equal(BinanceFixtures.Raw(fixture).Str("listenKey"), response.ListenKey);
        Assert.DoesNotContain(response.ListenKey, response.ToString(), StringComparison.Ordinal);
        Assert.Contains("'listenKey' is missing", Assert.ThrowsAny<FormatException>(() => BinanceListenKeyResponse.Parse("{}")).Message, StringComparison.Ordinal);
    }

    [FixtureFact]
    public void Rest_error_body_gives_code_and_message()
    {
        const string fixture = "roq_fapi_rest_error_simple.json";
        var error = BinanceApiError.Parse(BinanceFixtures.RawText(fixture));

        Assert.Equal(BinanceFixtures.RoqInt64(fixture, "obj.code"), error.Code);
        Assert.Equal(-4164, error.Code);
        Assert.Equal("Order's notional must be no smaller than 5.0 (unless you choose reduce only)", error.Message);
    }

    [FixtureFact]
    public void Websocket_error_frame_gives_the_inner_code_and_message()
    {
        const string fixture = "roq_spot_ws_error_simple.json";
        var error = BinanceApiError.Parse(BinanceFixtures.RawText(fixture));

        Assert.Equal(new BinanceApiError(2, BinanceFixtures.RoqString(fixture, "obj.error.msg")), error);
    }

    [Fact]
    public void Position_mode_already_set_is_recognised()
    {
        Assert.True(BinanceApiError.Parse("""{"code":-4059,"msg":"No need to change position side."}""").IsPositionModeAlreadySet);
        Assert.False(BinanceApiError.Parse("""{"code":200,"msg":"success"}""").IsPositionModeAlreadySet);
    }

    [FixtureFact]
    public void New_order_response_matches_every_roq_check()
    {
        const string fixture = "roq_fapi_rest_new_order_simple.json";
        var order = BinanceNewOrderResponse.Parse(BinanceFixtures.RawText(fixture));

        Assert.Equal(BinanceFixtures.RoqInt64(fixture, "obj.order_id"), order.OrderId);
        Assert.Equal(BinanceFixtures.RoqString(fixture, "obj.symbol"), order.Symbol);
        Assert.Equal(BinanceFixtures.RoqEnum(fixture, "obj.status"), order.Status);
        Assert.Equal(BinanceFixtures.RoqString(fixture, "obj.client_order_id"), order.ClientOrderId);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, "obj.price"), order.Price);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, "obj.avg_price"), order.AveragePrice);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, "obj.orig_qty"), order.OriginalQuantity);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, "obj.executed_qty"), order.ExecutedQuantity);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, "obj.cum_qty"), order.CumulativeQuantity);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, "obj.cum_quote"), order.CumulativeQuote);
        Assert.Equal(BinanceFixtures.RoqEnum(fixture, "obj.time_in_force"), order.TimeInForce);
        Assert.Equal(BinanceFixtures.RoqEnum(fixture, "obj.type"), order.Type);
        Assert.Equal(false, order.ReduceOnly);
        Assert.Equal(false, order.ClosePosition);
        Assert.Equal(BinanceFixtures.RoqEnum(fixture, "obj.side"), order.Side.ToWireName());
        Assert.Equal(BinanceFixtures.RoqEnum(fixture, "obj.position_side"), order.PositionSide?.ToWireName());
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, "obj.stop_price"), order.StopPrice);
        Assert.Equal(BinanceFixtures.RoqEnum(fixture, "obj.working_type"), order.WorkingType);
        Assert.Equal(false, order.PriceProtect);
        Assert.Equal(BinanceFixtures.RoqEnum(fixture, "obj.orig_type"), order.OriginalType);
        Assert.Equal(BinanceFixtures.RoqInt64(fixture, "obj.update_time"), order.UpdateTime);
        Assert.Null(order.TransactTime);
    }

    [FixtureFact]
    public void Margin_new_order_response_parses_with_futures_fields_absent()
    {
        const string fixture = "roq_margin_rest_new_order_cross.json";
        var order = BinanceNewOrderResponse.Parse(BinanceFixtures.RawText(fixture));

        Assert.Equal(BinanceFixtures.RoqInt64(fixture, "obj.order_id"), order.OrderId);
        Assert.Equal(BinanceFixtures.RoqString(fixture, "obj.symbol"), order.Symbol);
        Assert.Null(order.PositionSide);
        Assert.Null(order.UpdateTime);
        Assert.Equal(1768379896435L, order.TransactTime);
    }

    [FixtureFact]
    public void Spot_ws_api_order_place_result_parses_as_a_new_order_response()
    {
        const string fixture = "roq_spot_wsapi_order_place_empty.json";
        var response = BinanceWsApiResponse.Parse(BinanceFixtures.RawText(fixture));
        var order = BinanceNewOrderResponse.Parse(response.ResultJson!);

        Assert.Equal(BinanceFixtures.RoqString(fixture, "obj.id"), response.Id);
        Assert.Equal(200, response.Status);
        Assert.Equal(3, response.RateLimits.Count);
        Assert.Equal(55471195855L, order.OrderId);
        Assert.Equal("NEW", order.Status);
        Assert.Equal(80000m, order.Price);
    }

    [FixtureTheory]
    [InlineData("roq_spot_wsapi_my_trades_empty.json")]
    [InlineData("roq_spot_wsapi_user_data_stream_subscribe_empty.json")]
    [InlineData("roq_spot_wsapi_user_data_stream_subscribe_sapi.json")]
    public void WsApi_responses_give_id_status_and_raw_result(string fixture)
    {
        var response = BinanceWsApiResponse.Parse(BinanceFixtures.RawText(fixture));

        Assert.Equal(BinanceFixtures.RoqString(fixture, "obj.id"), response.Id);
        Assert.Equal(BinanceFixtures.RoqInt64(fixture, "obj.status"), response.Status);
        Assert.Equal(BinanceFixtures.Raw(fixture).GetProperty("result").GetRawText().Length > 0, response.ResultJson is not null);
        Assert.Single(response.RateLimits);
    }

    private static void AssertPositionRow(System.Text.Json.JsonElement expected, BinancePositionRisk row)
    {
        Assert.Equal(expected.Str("symbol"), row.Symbol);
        Assert.Equal(expected.Str("positionSide"), row.PositionSide.ToWireName());
        Assert.Equal(expected.Dec("positionAmt"), row.PositionAmount);
        Assert.Equal(expected.Dec("entryPrice"), row.EntryPrice);
        Assert.Equal(expected.Dec("markPrice"), row.MarkPrice);
        Assert.Equal(expected.Dec("unRealizedProfit"), row.UnrealizedProfit);
        Assert.Equal(expected.Dec("liquidationPrice"), row.LiquidationPrice);
        Assert.Equal((int)expected.Dec("leverage"), row.Leverage);
        Assert.Equal(expected.Str("marginType"), row.MarginType);
        Assert.Equal(expected.Dec("isolatedMargin"), row.IsolatedMargin);
        Assert.Equal(bool.Parse(expected.Str("isAutoAddMargin")), row.IsAutoAddMargin);
        Assert.Equal(expected.Int("updateTime"), row.UpdateTime);
    }
}
