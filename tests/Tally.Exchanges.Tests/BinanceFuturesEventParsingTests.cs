using System.Text.Json;
using Tally.Core;
using Tally.Exchanges.Binance;

namespace Tally.Exchanges.Tests;

public sealed class BinanceFuturesEventParsingTests
{
    [FixtureTheory]
    [InlineData("roq_fapi_ws_order_trade_update_new.json")]
    [InlineData("roq_fapi_ws_order_trade_update_canceled.json")]
    [InlineData("roq_fapi_ws_order_trade_update_filled_maker.json")]
    [InlineData("roq_fapi_ws_order_trade_update_filled_taker.json")]
    [InlineData("roq_papi_um_ws_order_trade_update_new.json")]
    public void Order_trade_update_matches_every_roq_check(string fixture)
    {
        var update = Assert.IsType<BinanceUserDataEvent.OrderTradeUpdate>(BinanceUserDataParser.Parse(BinanceFixtures.RawText(fixture)));
        var o = update.Order;
        var checks = BinanceFixtures.Load(fixture).GetProperty("expected_from_roq_checks");

        Assert.Equal(BinanceFixtures.RoqInt64(fixture, "obj.transaction_time"), update.TransactionTime);
        Assert.Equal(BinanceFixtures.RoqInt64(fixture, "obj.event_time"), update.EventTime);
        Assert.Equal(Optional(checks, "obj.fs", key => BinanceFixtures.RoqString(fixture, key)), update.BusinessUnit);
        Assert.Equal(BinanceFixtures.RoqString(fixture, "execution_report.symbol"), o.Symbol);
        Assert.Equal(BinanceFixtures.RoqString(fixture, "execution_report.client_order_id"), o.ClientOrderId);
        Assert.Equal(BinanceFixtures.RoqEnum(fixture, "execution_report.side"), o.Side.ToWireName());
        Assert.Equal(BinanceFixtures.RoqEnum(fixture, "execution_report.order_type"), o.OrderType);
        Assert.Equal(BinanceFixtures.RoqEnum(fixture, "execution_report.time_in_force"), o.TimeInForce);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, "execution_report.original_quantity"), o.OriginalQuantity);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, "execution_report.original_price"), o.OriginalPrice);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, "execution_report.average_price"), o.AveragePrice);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, "execution_report.stop_price"), o.StopPrice);
        Assert.Equal(BinanceFixtures.RoqEnum(fixture, "execution_report.execution_type"), o.ExecutionType);
        Assert.Equal(BinanceFixtures.RoqEnum(fixture, "execution_report.order_status"), o.OrderStatus);
        Assert.Equal(BinanceFixtures.RoqInt64(fixture, "execution_report.order_id"), o.OrderId);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, "execution_report.last_filled_quantity"), o.LastFilledQuantity);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, "execution_report.order_filled_accumulated_quantity"), o.CumulativeFilledQuantity);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, "execution_report.last_filled_price"), o.LastFilledPrice);
        Assert.Equal(Optional(checks, "execution_report.commission", key => BinanceFixtures.RoqDecimal(fixture, key)), o.Commission);
        // roq checks N only on fills; the Portfolio-Margin NEW event sends N="USDT" with n="0", which is kept.
        var rawOrder = BinanceFixtures.Raw(fixture).GetProperty("o");
        Assert.Equal(rawOrder.TryGetProperty("N", out var asset) ? asset.GetString() : null, o.CommissionAsset);
        if (checks.TryGetProperty("execution_report.commission_asset", out _))
        {
            Assert.Equal(BinanceFixtures.RoqString(fixture, "execution_report.commission_asset"), o.CommissionAsset);
        }
        Assert.Equal(BinanceFixtures.RoqInt64(fixture, "execution_report.order_trade_time"), o.TradeTime);
        Assert.Equal(BinanceFixtures.RoqInt64(fixture, "execution_report.trade_id"), o.TradeId);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, "execution_report.bids_notional"), o.BidsNotional);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, "execution_report.asks_notional"), o.AsksNotional);
        Assert.Equal(bool.Parse(BinanceFixtures.RoqCheck(fixture, "execution_report.is_trade_maker")), o.IsMaker);
        Assert.Equal(bool.Parse(BinanceFixtures.RoqCheck(fixture, "execution_report.is_reduce_only")), o.IsReduceOnly);
        Assert.Equal(Optional(checks, "execution_report.stop_price_working_type", key => BinanceFixtures.RoqEnum(fixture, key)), o.WorkingType);
        Assert.Equal(Optional(checks, "execution_report.original_order_type", key => BinanceFixtures.RoqEnum(fixture, key)), o.OriginalOrderType);
        Assert.Equal(BinanceFixtures.RoqEnum(fixture, "execution_report.position_side"), o.PositionSide.ToWireName());
        Assert.Equal(bool.Parse(BinanceFixtures.RoqCheck(fixture, "execution_report.if_close_all")), o.ClosePosition ?? false);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, "execution_report.realized_profit"), o.RealizedProfit);
        Assert.Equal(o.ExecutionType == "TRADE", o.IsFill);
    }

    [FixtureFact]
    public void Order_trade_update_without_n_and_N_has_zero_commission_and_no_asset()
    {
        var update = ParseOrderUpdate("roq_fapi_ws_order_trade_update_new.json");

        Assert.False(BinanceFixtures.Raw("roq_fapi_ws_order_trade_update_new.json").GetProperty("o").TryGetProperty("n", out _));
        Assert.Equal(0m, update.Order.Commission);
        Assert.Null(update.Order.CommissionAsset);
        Assert.False(update.Order.IsFill);
    }

    [FixtureFact]
    public void Portfolio_margin_order_update_keeps_business_unit_and_tolerates_missing_wt_ot_cp()
    {
        var update = ParseOrderUpdate("roq_papi_um_ws_order_trade_update_new.json");

        Assert.Equal("UM", update.BusinessUnit);
        Assert.Null(update.Order.WorkingType);
        Assert.Null(update.Order.OriginalOrderType);
        Assert.Null(update.Order.ClosePosition);
        Assert.Equal("EXPIRE_NONE", update.Order.SelfTradePreventionMode);
        Assert.Equal("PM_NONE", update.Order.PriceMatch);
        Assert.Equal(270905906796L, update.Order.OrderId);
        Assert.Equal("USDT", update.Order.CommissionAsset);
    }

    [FixtureFact]
    public void Liquidation_fill_is_a_calculated_fill_on_the_long_book_with_negative_pnl()
    {
        const string fixture = "nautilus_fapi_ws_order_update_liquidation_synthetic.json";
        var o = ParseOrderUpdate(fixture).Order;
        var raw = BinanceFixtures.Raw(fixture).GetProperty("data").GetProperty("o");

        Assert.Equal("CALCULATED", o.ExecutionType);
        Assert.True(o.IsFill);
        Assert.True(o.IsLiquidation);
        Assert.False(o.IsAutoDeleveraging);
        Assert.Equal(raw.Str("c"), o.ClientOrderId);
        Assert.Equal(PositionSide.Long, o.PositionSide);
        Assert.Equal(Side.Sell, o.Side);
        Assert.Equal(raw.Int("i"), o.OrderId);
        Assert.Equal(raw.Int("t"), o.TradeId);
        Assert.Equal(raw.Dec("l"), o.LastFilledQuantity);
        Assert.Equal(raw.Dec("L"), o.LastFilledPrice);
        Assert.Equal(raw.Dec("n"), o.Commission);
        Assert.Equal(raw.Str("N"), o.CommissionAsset);
        Assert.Equal(-100.00m, o.RealizedProfit);
        Assert.Null(o.StopPrice);
    }

    [FixtureFact]
    public void Adl_fill_is_a_trade_on_the_short_book_marked_as_auto_deleveraging()
    {
        const string fixture = "nautilus_fapi_ws_order_update_adl_synthetic.json";
        var update = ParseOrderUpdate(fixture);
        var o = update.Order;
        var raw = BinanceFixtures.Raw(fixture).GetProperty("data");

        Assert.Equal(raw.Int("E"), update.EventTime);
        Assert.Equal(raw.Int("T"), update.TransactionTime);
        Assert.Equal("TRADE", o.ExecutionType);
        Assert.Equal("FILLED", o.OrderStatus);
        Assert.True(o.IsFill);
        Assert.True(o.IsAutoDeleveraging);
        Assert.False(o.IsLiquidation);
        Assert.Equal(PositionSide.Short, o.PositionSide);
        Assert.Equal(Side.Buy, o.Side);
        Assert.Equal(8765432109L, o.OrderId);
        Assert.Equal(2233445566L, o.TradeId);
        Assert.Equal(1.000m, o.LastFilledQuantity);
        Assert.Equal(2500.00m, o.LastFilledPrice);
        Assert.Equal(2.50000000m, o.Commission);
        Assert.Equal(50.00m, o.RealizedProfit);
        Assert.Equal("MARKET", o.OriginalOrderType);
        Assert.Equal(0L, o.GoodTillDate);
    }

    [FixtureFact]
    public void Negative_commission_is_kept_as_a_rebate()
    {
        var json = BinanceFixtures.RawText("roq_fapi_ws_order_trade_update_filled_maker.json")
            .Replace("\"n\":\"0.00115829\"", "\"n\":\"-0.00115829\"", StringComparison.Ordinal);

        var update = Assert.IsType<BinanceUserDataEvent.OrderTradeUpdate>(BinanceUserDataParser.Parse(json));

        Assert.Equal(-0.00115829m, update.Order.Commission);
    }

    [FixtureFact]
    public void Trade_lite_keeps_the_19_digit_order_id_exactly()
    {
        const string fixture = "nautilus_fapi_ws_trade_lite.json";
        var lite = Assert.IsType<BinanceUserDataEvent.TradeLite>(BinanceUserDataParser.Parse(BinanceFixtures.RawText(fixture)));
        var raw = BinanceFixtures.Raw(fixture);

        Assert.Equal(8389765739703625592L, lite.OrderId);
        Assert.Equal(raw.Int("E"), lite.EventTime);
        Assert.Equal(raw.Int("T"), lite.TransactionTime);
        Assert.Equal(raw.Str("s"), lite.Symbol);
        Assert.Equal(raw.Dec("q"), lite.OriginalQuantity);
        Assert.Equal(raw.Dec("p"), lite.OriginalPrice);
        Assert.Equal(raw.Flag("m"), lite.IsMaker);
        Assert.Equal(raw.Str("c"), lite.ClientOrderId);
        Assert.Equal(Side.Buy, lite.Side);
        Assert.Equal(raw.Dec("L"), lite.LastFilledPrice);
        Assert.Equal(raw.Dec("l"), lite.LastFilledQuantity);
        Assert.Equal(4467432841L, lite.TradeId);
    }

    [Fact]
    public void Trade_lite_order_id_above_2_pow_53_would_be_corrupted_by_double()
    {
        // Why ids are never read through double: the nearest double is a different id.
        Assert.NotEqual(8389765739703625592L, (long)(double)8389765739703625592L);
    }

    [FixtureTheory]
    [InlineData("roq_fapi_ws_account_update_order.json")]
    [InlineData("roq_fapi_ws_account_update_withdraw.json")]
    [InlineData("roq_papi_um_ws_account_update_order.json")]
    [InlineData("roq_papi_cm_ws_account_update_order.json")]
    public void Account_update_matches_every_roq_check(string fixture)
    {
        var update = Assert.IsType<BinanceUserDataEvent.AccountUpdate>(BinanceUserDataParser.Parse(BinanceFixtures.RawText(fixture)));
        var checks = BinanceFixtures.Load(fixture).GetProperty("expected_from_roq_checks");

        Assert.Equal(BinanceFixtures.RoqInt64(fixture, "obj.transaction_time"), update.TransactionTime);
        Assert.Equal(BinanceFixtures.RoqInt64(fixture, "obj.event_time"), update.EventTime);
        Assert.Equal(BinanceFixtures.RoqEnum(fixture, "data.event_reason"), update.Reason);
        Assert.Equal(Optional(checks, "obj.fs", key => BinanceFixtures.RoqString(fixture, key)), update.BusinessUnit);
        Assert.Equal(BinanceFixtures.RoqInt64(fixture, "std::size(balances)"), update.Balances.Count);
        var balance = update.Balances[0];
        Assert.Equal(BinanceFixtures.RoqString(fixture, "balance_0.asset"), balance.Asset);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, "balance_0.wallet_balance"), balance.WalletBalance);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, "balance_0.cross_wallet_balance"), balance.CrossWalletBalance);
        Assert.Equal(BinanceFixtures.RoqDecimal(fixture, "balance_0.balance_change"), balance.BalanceChange);
        Assert.Equal(BinanceFixtures.RoqInt64(fixture, "std::size(positions)"), update.Positions.Count);
        if (update.Positions.Count > 0)
        {
            var position = update.Positions[0];
            Assert.Equal(BinanceFixtures.RoqString(fixture, "position_0.symbol"), position.Symbol);
            Assert.Equal(BinanceFixtures.RoqDecimal(fixture, "position_0.position_amount"), position.PositionAmount);
            Assert.Equal(BinanceFixtures.RoqDecimal(fixture, "position_0.entry_price"), position.EntryPrice);
            Assert.Equal(BinanceFixtures.RoqDecimal(fixture, "position_0.accumulated_realized"), position.AccumulatedRealized);
            Assert.Equal(BinanceFixtures.RoqDecimal(fixture, "position_0.unrealized_pnl"), position.UnrealizedPnl);
            Assert.Equal(BinanceFixtures.RoqEnum(fixture, "position_0.position_side"), position.PositionSide.ToWireName());
            Assert.Equal(Optional(checks, "position_0.margin_type", key => BinanceFixtures.RoqEnum(fixture, key).ToLowerInvariant()), position.MarginType);
            Assert.Equal(Optional(checks, "position_0.isolated_wallet", key => (decimal?)BinanceFixtures.RoqDecimal(fixture, key)), position.IsolatedWallet);
            Assert.Equal(Optional(checks, "position_0.unknown_1", key => BinanceFixtures.RoqString(fixture, key)), position.MarginAsset);
        }
    }

    [FixtureFact]
    public void Portfolio_margin_break_even_price_sent_as_a_json_number_is_read_exactly()
    {
        var um = Assert.IsType<BinanceUserDataEvent.AccountUpdate>(BinanceUserDataParser.Parse(BinanceFixtures.RawText("roq_papi_um_ws_account_update_order.json")));
        var cm = Assert.IsType<BinanceUserDataEvent.AccountUpdate>(BinanceUserDataParser.Parse(BinanceFixtures.RawText("roq_papi_cm_ws_account_update_order.json")));

        Assert.Equal(51078.7137m, um.Positions[0].BreakEvenPrice);
        Assert.Equal(51090.31602036m, cm.Positions[0].BreakEvenPrice);
        Assert.Equal("SgmYXqmYsRFzoCoC", cm.AccountAlias);
        Assert.Equal("CM", cm.BusinessUnit);
    }

    [FixtureFact]
    public void Account_update_in_eu_credits_mode_reports_bnfcr_balance_and_no_positions()
    {
        const string fixture = "nautilus_fapi_ws_account_update_bnfcr.json";
        var update = Assert.IsType<BinanceUserDataEvent.AccountUpdate>(BinanceUserDataParser.Parse(BinanceFixtures.RawText(fixture)));
        var raw = BinanceFixtures.Raw(fixture);

        Assert.Equal(raw.Int("E"), update.EventTime);
        Assert.Equal(raw.Int("T"), update.TransactionTime);
        Assert.Equal("ORDER", update.Reason);
        Assert.Equal([new BinanceFuturesBalance("BNFCR", 5001.28983031m, 5001.28983031m, 0m)], update.Balances);
        Assert.Empty(update.Positions);
    }

    [Fact]
    public void Cross_funding_fee_account_update_carries_only_the_balance()
    {
        const string json = """{"e":"ACCOUNT_UPDATE","E":1767225600500,"T":1767225600499,"a":{"m":"FUNDING_FEE","B":[{"a":"USDT","wb":"1000.12345678","cw":"1000.12345678","bc":"0"}]}}""";

        var update = Assert.IsType<BinanceUserDataEvent.AccountUpdate>(BinanceUserDataParser.Parse(json));

        Assert.True(update.IsFundingFee);
        Assert.Equal(1000.12345678m, Assert.Single(update.Balances).WalletBalance);
        Assert.Empty(update.Positions);
    }

    [Fact]
    public void Isolated_funding_fee_account_update_carries_the_affected_position()
    {
        const string json = """{"e":"ACCOUNT_UPDATE","E":1767225600500,"T":1767225600499,"a":{"m":"FUNDING_FEE","B":[{"a":"USDT","wb":"250.5","cw":"200","bc":"0"}],"P":[{"s":"BTCUSDT","pa":"-0.010","ep":"90000.0","bep":"90045.0","cr":"12.5","up":"-3.25","mt":"isolated","iw":"50.5","ps":"SHORT"}]}}""";

        var update = Assert.IsType<BinanceUserDataEvent.AccountUpdate>(BinanceUserDataParser.Parse(json));

        Assert.True(update.IsFundingFee);
        Assert.Equal(
            new BinanceFuturesPositionUpdate("BTCUSDT", -0.010m, 90000.0m, 90045.0m, 12.5m, -3.25m, "isolated", 50.5m, PositionSide.Short, null),
            Assert.Single(update.Positions));
    }

    [FixtureFact]
    public void Account_config_update_gives_leverage_of_one_symbol()
    {
        const string fixture = "roq_fapi_ws_account_config_update_simple_1.json";
        var update = Assert.IsType<BinanceUserDataEvent.AccountConfigUpdate>(BinanceUserDataParser.Parse(BinanceFixtures.RawText(fixture)));

        Assert.Equal(BinanceFixtures.RoqInt64(fixture, "obj.event_time"), update.EventTime);
        Assert.Equal(BinanceFixtures.RoqInt64(fixture, "obj.transaction_time"), update.TransactionTime);
        Assert.Equal(BinanceFixtures.RoqString(fixture, "data.symbol"), update.Symbol);
        Assert.Equal((int)BinanceFixtures.RoqDecimal(fixture, "data.leverage"), update.Leverage);
        Assert.Null(update.MultiAssetsMode);
    }

    [FixtureFact]
    public void Account_config_update_gives_multi_assets_mode()
    {
        const string fixture = "roq_fapi_ws_account_config_update_simple_2.json";
        var update = Assert.IsType<BinanceUserDataEvent.AccountConfigUpdate>(BinanceUserDataParser.Parse(BinanceFixtures.RawText(fixture)));

        Assert.Equal(BinanceFixtures.RoqInt64(fixture, "obj.event_time"), update.EventTime);
        Assert.True(update.MultiAssetsMode);
        Assert.Null(update.Symbol);
        Assert.Null(update.Leverage);
    }

    [Theory]
    [InlineData("""{"e":"listenKeyExpired","E":"1736996475556","listenKey":"WsCMN0a4KHUPTQuX6IUnqEZfB1inxmv1qR4kbf1LuEjur5VdbzqvyxqG9TSjVVxv"}""")]
    [InlineData("""{"e":"listenKeyExpired","E":1736996475556,"listenKey":"WsCMN0a4KHUPTQuX6IUnqEZfB1inxmv1qR4kbf1LuEjur5VdbzqvyxqG9TSjVVxv"}""")]
    public void Listen_key_expired_accepts_event_time_as_string_or_number(string json)
    {
        var expired = Assert.IsType<BinanceUserDataEvent.ListenKeyExpired>(BinanceUserDataParser.Parse(json));

        Assert.Equal(1736996475556L, expired.EventTime);
        Assert.Equal("WsCMN0a4KHUPTQuX6IUnqEZfB1inxmv1qR4kbf1LuEjur5VdbzqvyxqG9TSjVVxv", expired.ListenKey);
        Assert.DoesNotContain(expired.ListenKey!, expired.ToString(), StringComparison.Ordinal);
    }

    private static BinanceUserDataEvent.OrderTradeUpdate ParseOrderUpdate(string fixture) =>
        Assert.IsType<BinanceUserDataEvent.OrderTradeUpdate>(BinanceUserDataParser.Parse(BinanceFixtures.RawText(fixture)));

    private static T? Optional<T>(JsonElement checks, string key, Func<string, T> read) =>
        checks.TryGetProperty(key, out _) ? read(key) : default;
}
