using System.Text.Json;
using Tally.Core;
using Tally.Exchanges.Binance;

namespace Tally.Exchanges.Tests;

public sealed class BinanceSpotEventParsingTests
{
    [FixtureTheory]
    [InlineData("roq_spot_ws_execution_report_simple.json", "obj.")]
    [InlineData("roq_spot_ws_execution_report_canceled.json", "obj.")]
    [InlineData("roq_spot_ws_execution_report_wrapped_maker_new.json", "obj.data.")]
    [InlineData("roq_spot_ws_execution_report_wrapped_maker_filled.json", "obj.data.")]
    public void Execution_report_matches_every_roq_check(string fixture, string prefix)
    {
        var report = Assert.IsType<BinanceUserDataEvent.ExecutionReport>(BinanceUserDataParser.Parse(BinanceFixtures.RawText(fixture)));
        var checks = BinanceFixtures.Load(fixture).GetProperty("expected_from_roq_checks");
        string Key(string name) => prefix + name;

        Assert.Equal(BinanceFixtures.RoqInt64(fixture, Key("event_time")), report.EventTime);
        Assert.Equal(BinanceFixtures.RoqString(fixture, Key("symbol")), report.Symbol);
        Assert.Equal(BinanceFixtures.RoqString(fixture, Key("client_order_id")), report.ClientOrderId);
        Assert.Equal(BinanceFixtures.RoqEnum(fixture, Key("side")), report.Side.ToWireName());
        Assert.Equal(BinanceFixtures.RoqEnum(fixture, Key("order_type")), report.OrderType);
        Assert.Equal(BinanceFixtures.RoqEnum(fixture, Key("time_in_force")), report.TimeInForce);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, Key("quantity")), report.Quantity);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, Key("price")), report.Price);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, Key("stop_price")), report.StopPrice);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, Key("iceberg_quantity")), report.IcebergQuantity);
        Assert.Equal(BinanceFixtures.RoqInt64(fixture, Key("order_list_id")), report.OrderListId);
        Assert.Equal(
            checks.TryGetProperty(Key("original_client_order_id"), out _) ? BinanceFixtures.RoqString(fixture, Key("original_client_order_id")) : null,
            report.OriginalClientOrderId);
        Assert.Equal(BinanceFixtures.RoqEnum(fixture, Key("current_execution_type")), report.ExecutionType);
        Assert.Equal(BinanceFixtures.RoqEnum(fixture, Key("current_order_status")), report.OrderStatus);
        Assert.Equal(BinanceFixtures.RoqString(fixture, Key("order_reject_reason")), report.RejectReason);
        Assert.Equal(BinanceFixtures.RoqInt64(fixture, Key("order_id")), report.OrderId);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, Key("last_executed_quantity")), report.LastExecutedQuantity);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, Key("cumulative_filled_quantity")), report.CumulativeFilledQuantity);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, Key("last_executed_price")), report.LastExecutedPrice);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, Key("commission_amount")), report.Commission);
        Assert.Equal(
            checks.TryGetProperty(Key("commission_asset"), out _) ? BinanceFixtures.RoqString(fixture, Key("commission_asset")) : null,
            report.CommissionAsset);
        Assert.Equal(BinanceFixtures.RoqInt64(fixture, Key("transaction_time")), report.TransactionTime);
        Assert.Equal(BinanceFixtures.RoqInt64(fixture, Key("trade_id")), report.TradeId);
        Assert.Equal(bool.Parse(BinanceFixtures.RoqCheck(fixture, Key("order_on_book"))), report.IsOnBook);
        Assert.Equal(bool.Parse(BinanceFixtures.RoqCheck(fixture, Key("is_trade_maker"))), report.IsMaker);
        Assert.Equal(BinanceFixtures.RoqInt64(fixture, Key("order_creation_time")), report.CreationTime);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, Key("cumulative_quote_asset_transacted_quantity")), report.CumulativeQuoteQuantity);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, Key("last_quote_asset_transacted_quantity")), report.LastQuoteQuantity);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, Key("quote_order_qty")), report.QuoteOrderQuantity);
        Assert.Equal(report.ExecutionType == "TRADE", report.IsFill);
    }

    [FixtureFact]
    public void Execution_report_null_commission_asset_becomes_null_and_trade_id_minus_one_is_not_a_fill()
    {
        var report = Assert.IsType<BinanceUserDataEvent.ExecutionReport>(
            BinanceUserDataParser.Parse(BinanceFixtures.RawText("roq_spot_ws_execution_report_simple.json")));

        Assert.Equal(JsonValueKind.Null, BinanceFixtures.Raw("roq_spot_ws_execution_report_simple.json").GetProperty("N").ValueKind);
        Assert.Null(report.CommissionAsset);
        Assert.Equal(0m, report.Commission);
        Assert.Equal(-1L, report.TradeId);
        Assert.False(report.IsFill);
    }

    [FixtureFact]
    public void Maker_fill_paid_in_bnb_is_a_fill()
    {
        var report = Assert.IsType<BinanceUserDataEvent.ExecutionReport>(
            BinanceUserDataParser.Parse(BinanceFixtures.RawText("roq_spot_ws_execution_report_wrapped_maker_filled.json")));

        Assert.True(report.IsFill);
        Assert.Equal("BNB", report.CommissionAsset);
        Assert.Equal(0.00003019m, report.Commission);
        Assert.Equal(207081035L, report.TradeId);
        Assert.Equal(5048627145L, report.ExecutionId);
        // Average price = Z / z: 19.83 / 0.1 = 198.3, the limit price of this single maker fill.
        Assert.Equal(198.3m, report.CumulativeQuoteQuantity / report.CumulativeFilledQuantity);
    }

    [FixtureFact]
    public void Execution_report_in_the_2026_subscription_framing_has_working_time_and_stp_mode()
    {
        const string fixture = "roq_spot_wsapi_execution_report_empty.json";
        var report = Assert.IsType<BinanceUserDataEvent.ExecutionReport>(BinanceUserDataParser.Parse(BinanceFixtures.RawText(fixture)));
        var raw = BinanceFixtures.Raw(fixture).GetProperty("event");

        Assert.Equal("EXECUTION_REPORT", BinanceFixtures.RoqEnum(fixture, "obj.event.event_type"));
        Assert.Equal(raw.Int("E"), report.EventTime);
        Assert.Equal(raw.Str("s"), report.Symbol);
        Assert.Equal(raw.Int("i"), report.OrderId);
        Assert.Equal(55472337221L, report.OrderId);
        Assert.Equal(raw.Dec("p"), report.Price);
        Assert.Equal(raw.Dec("q"), report.Quantity);
        Assert.Equal(raw.Int("W"), report.WorkingTime);
        Assert.Equal("EXPIRE_MAKER", report.SelfTradePreventionMode);
        Assert.Equal(117599651999L, report.ExecutionId);
    }

    [FixtureTheory]
    [InlineData("roq_spot_ws_outbound_account_position_simple.json", "obj.data.")]
    [InlineData("roq_spot_ws_outbound_account_position_maker_new.json", "obj.data.")]
    [InlineData("roq_spot_ws_outbound_account_position_maker_filled.json", "obj.data.")]
    public void Outbound_account_position_matches_every_roq_check(string fixture, string prefix)
    {
        var position = Assert.IsType<BinanceUserDataEvent.OutboundAccountPosition>(BinanceUserDataParser.Parse(BinanceFixtures.RawText(fixture)));

        Assert.Equal(BinanceFixtures.RoqInt64(fixture, prefix + "event_time"), position.EventTime);
        Assert.Equal(BinanceFixtures.RoqInt64(fixture, prefix + "time_of_last_account_update"), position.LastUpdateTime);
        Assert.Equal(3, position.Balances.Count);
        for (var index = 0; index < position.Balances.Count; index++)
        {
            var balance = position.Balances[index];
            Assert.Equal(BinanceFixtures.RoqString(fixture, $"balance_{index}.asset"), balance.Asset);
            Assert.Equal(BinanceFixtures.RoqDecimal(fixture, $"balance_{index}.free_amount"), balance.Free);
            Assert.Equal(BinanceFixtures.RoqDecimal(fixture, $"balance_{index}.locked_amount"), balance.Locked);
        }
    }

    [FixtureFact]
    public void Outbound_account_position_in_the_subscription_framing_is_read()
    {
        const string fixture = "roq_spot_wsapi_outbound_account_position_empty.json";
        var position = Assert.IsType<BinanceUserDataEvent.OutboundAccountPosition>(BinanceUserDataParser.Parse(BinanceFixtures.RawText(fixture)));

        Assert.Equal(1768640962931L, position.EventTime);
        Assert.Equal(new BinanceSpotBalance("USDT", 283.16729644m, 8.00000000m), position.Balances[2]);
    }

    [FixtureFact]
    public void Event_stream_terminated_gives_its_event_time()
    {
        const string fixture = "roq_spot_wsapi_event_stream_terminated_empty.json";
        var terminated = Assert.IsType<BinanceUserDataEvent.EventStreamTerminated>(BinanceUserDataParser.Parse(BinanceFixtures.RawText(fixture)));

        Assert.Equal(BinanceFixtures.RoqInt64(fixture, "obj.event.event_time"), terminated.EventTime);
    }
}
