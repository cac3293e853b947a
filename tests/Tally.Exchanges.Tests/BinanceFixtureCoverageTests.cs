using Tally.Exchanges.Binance;

namespace Tally.Exchanges.Tests;

/// <summary>
/// Every recorded payload in the fixture folder goes through the parser that owns it, so a fixture added
/// later without a parser (or a parser that stops accepting one) fails here by name.
/// </summary>
public sealed class BinanceFixtureCoverageTests
{
    // File → what parsing it must yield. Field-by-field checks live in the per-parser test classes.
    private static readonly Dictionary<string, Func<string, object>> Parsers = new(StringComparer.Ordinal)
    {
        ["nautilus_fapi_rest_position_risk_v2_hedge.json"] = text => BinancePositionRisk.ParseList(text),
        ["nautilus_fapi_rest_position_risk_v2_one_way_flat.json"] = text => BinancePositionRisk.ParseList(text),
        ["nautilus_fapi_rest_position_side_dual.json"] = text => BinancePositionModeResponse.Parse(text),
        ["nautilus_fapi_rest_user_trades.json"] = text => BinanceUserTrade.ParseList(text),
        ["nautilus_fapi_ws_account_update_bnfcr.json"] = Event<BinanceUserDataEvent.AccountUpdate>,
        ["nautilus_fapi_ws_order_update_adl_synthetic.json"] = Event<BinanceUserDataEvent.OrderTradeUpdate>,
        ["nautilus_fapi_ws_order_update_liquidation_synthetic.json"] = Event<BinanceUserDataEvent.OrderTradeUpdate>,
        ["nautilus_fapi_ws_trade_lite.json"] = Event<BinanceUserDataEvent.TradeLite>,
        ["roq_dapi_wsapi_account_position_coinm.json"] = PositionRows,
        ["roq_fapi_rest_error_simple.json"] = text => BinanceApiError.Parse(text),
        ["roq_fapi_rest_listen_key_simple.json"] = text => BinanceListenKeyResponse.Parse(text),
        ["roq_fapi_rest_new_order_simple.json"] = text => BinanceNewOrderResponse.Parse(text),
        ["roq_fapi_ws_account_config_update_simple_1.json"] = Event<BinanceUserDataEvent.AccountConfigUpdate>,
        ["roq_fapi_ws_account_config_update_simple_2.json"] = Event<BinanceUserDataEvent.AccountConfigUpdate>,
        ["roq_fapi_ws_account_update_order.json"] = Event<BinanceUserDataEvent.AccountUpdate>,
        ["roq_fapi_ws_account_update_withdraw.json"] = Event<BinanceUserDataEvent.AccountUpdate>,
        ["roq_fapi_ws_order_trade_update_canceled.json"] = Event<BinanceUserDataEvent.OrderTradeUpdate>,
        ["roq_fapi_ws_order_trade_update_filled_maker.json"] = Event<BinanceUserDataEvent.OrderTradeUpdate>,
        ["roq_fapi_ws_order_trade_update_filled_taker.json"] = Event<BinanceUserDataEvent.OrderTradeUpdate>,
        ["roq_fapi_ws_order_trade_update_new.json"] = Event<BinanceUserDataEvent.OrderTradeUpdate>,
        ["roq_fapi_wsapi_account_position_fapi.json"] = PositionRows,
        ["roq_margin_rest_new_order_cross.json"] = text => BinanceNewOrderResponse.Parse(text),
        ["roq_papi_cm_ws_account_update_order.json"] = Event<BinanceUserDataEvent.AccountUpdate>,
        ["roq_papi_um_ws_account_update_order.json"] = Event<BinanceUserDataEvent.AccountUpdate>,
        ["roq_papi_um_ws_order_trade_update_new.json"] = Event<BinanceUserDataEvent.OrderTradeUpdate>,
        ["roq_spot_ws_error_simple.json"] = text => BinanceApiError.Parse(text),
        ["roq_spot_ws_execution_report_canceled.json"] = Event<BinanceUserDataEvent.ExecutionReport>,
        ["roq_spot_ws_execution_report_simple.json"] = Event<BinanceUserDataEvent.ExecutionReport>,
        ["roq_spot_ws_execution_report_wrapped_maker_filled.json"] = Event<BinanceUserDataEvent.ExecutionReport>,
        ["roq_spot_ws_execution_report_wrapped_maker_new.json"] = Event<BinanceUserDataEvent.ExecutionReport>,
        ["roq_spot_ws_execution_report_wrapped_new.json"] = Event<BinanceUserDataEvent.ExecutionReport>,
        ["roq_spot_ws_outbound_account_position_maker_filled.json"] = Event<BinanceUserDataEvent.OutboundAccountPosition>,
        ["roq_spot_ws_outbound_account_position_maker_new.json"] = Event<BinanceUserDataEvent.OutboundAccountPosition>,
        ["roq_spot_ws_outbound_account_position_simple.json"] = Event<BinanceUserDataEvent.OutboundAccountPosition>,
        ["roq_spot_wsapi_event_stream_terminated_empty.json"] = Event<BinanceUserDataEvent.EventStreamTerminated>,
        ["roq_spot_wsapi_execution_report_empty.json"] = Event<BinanceUserDataEvent.ExecutionReport>,
        ["roq_spot_wsapi_my_trades_empty.json"] = text => BinanceWsApiResponse.Parse(text),
        ["roq_spot_wsapi_order_place_empty.json"] = text => BinanceNewOrderResponse.Parse(BinanceWsApiResponse.Parse(text).ResultJson!),
        ["roq_spot_wsapi_outbound_account_position_empty.json"] = Event<BinanceUserDataEvent.OutboundAccountPosition>,
        ["roq_spot_wsapi_user_data_stream_subscribe_empty.json"] = text => BinanceWsApiResponse.Parse(text),
        ["roq_spot_wsapi_user_data_stream_subscribe_sapi.json"] = text => BinanceWsApiResponse.Parse(text),
    };

    public static TheoryData<string> FixtureFiles() => [.. BinanceFixtures.PayloadFileNames()];

    [FixtureFact]
    public void Every_fixture_file_has_a_parser_and_every_parser_a_fixture()
    {
        Assert.Equal(Parsers.Keys.Order(StringComparer.Ordinal), BinanceFixtures.PayloadFileNames());
    }

    [FixtureTheory]
    [MemberData(nameof(FixtureFiles))]
    public void Every_fixture_raw_text_parses(string fixture)
    {
        Assert.True(Parsers.TryGetValue(fixture, out var parse), $"no parser listed for {fixture}");

        Assert.NotNull(parse(BinanceFixtures.RawText(fixture)));
    }

    private static object Event<T>(string text)
        where T : BinanceUserDataEvent =>
        Assert.IsType<T>(BinanceUserDataParser.Parse(text));

    private static object PositionRows(string text)
    {
        var rows = BinancePositionRisk.ParseList(BinanceWsApiResponse.Parse(text).ResultJson!);
        Assert.NotEmpty(rows);
        return rows;
    }
}
