using Microsoft.Extensions.Time.Testing;
using Tally.Core;
using Tally.PaperExchange.Streams;

namespace Tally.PaperExchange.Tests;

/// <summary>The cross-margin liquidation model with hand-computed thresholds (no taker fee, so the numbers stay round).</summary>
public sealed class LiquidationTests
{
    private static readonly PaperSymbol Still = new("ETHUSDT", "ETH", "USDT", 0.01m, 0.001m, 10000m, 5m, 3000m, MaxTicksPerStep: 0);
    private static readonly PaperSymbol StillBtc = new("BTCUSDT", "BTC", "USDT", 0.1m, 0.001m, 1000m, 5m, 90000m, MaxTicksPerStep: 0);
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 1, 0, 0, TimeSpan.Zero);

    private static (PaperVenue Venue, List<VenueEvent> Events) NewVenue(decimal maintenance = 0.004m, PositionMode mode = PositionMode.OneWay, IReadOnlyList<PaperSymbol>? symbols = null)
    {
        var events = new List<VenueEvent>();
        var venue = new PaperVenue(
            new PaperExchangeOptions
            {
                Symbols = symbols ?? [Still],
                TimeProvider = new FakeTimeProvider(Start),
                InitialBalance = 1000m,
                TakerFeeRate = 0m,
                MaintenanceMarginRate = maintenance,
                LiquidationFeeRate = 0.01m,
                PositionMode = mode,
            },
            events.Add);
        return (venue, events);
    }

    private static PaperOrder Market(PaperVenue venue, string symbol, Side side, decimal quantity, PositionSide? positionSide = null)
    {
        Assert.Null(venue.TryPlace(new OrderRequest(symbol, side, OrderType.Market, positionSide, quantity, null, null, null, null), out _, out var order));
        return order;
    }

    private static decimal Amount(PaperVenue venue, string symbol = "ETHUSDT") => venue.Positions(symbol).Sum(p => p.Amount);

    [Fact]
    public void Long_liquidation_price_is_where_equity_meets_maintenance()
    {
        var (venue, _) = NewVenue();
        Market(venue, "ETHUSDT", Side.Buy, 1m);

        // (0 − 1000 − 0 + 3000) / (1 − 0.004) = 2000 / 0.996
        Assert.Equal(2008.03212851m, Math.Round(venue.LiquidationPrice("ETHUSDT"), 8));
        Assert.Equal(2008.03212851m, Math.Round(venue.Positions("ETHUSDT").Single().LiquidationPrice, 8));
    }

    [Fact]
    public void Short_liquidation_price_is_above_the_entry()
    {
        var (venue, _) = NewVenue();
        Market(venue, "ETHUSDT", Side.Sell, 1m);

        // (0 − 1000 − 0 + (−3000)) / (−1 − 0.004) = 4000 / 1.004
        Assert.Equal(3984.06374502m, Math.Round(venue.LiquidationPrice("ETHUSDT"), 8));

        venue.SetPrice("ETHUSDT", 3984m); // equity 1000 − 984 = 16 ≥ MM 15.936
        Assert.Equal(-1m, Amount(venue));
        venue.SetPrice("ETHUSDT", 3985m); // equity 15 < MM 15.94
        Assert.Equal(0m, Amount(venue));
    }

    [Fact]
    public void One_tick_past_the_price_liquidates_and_the_fee_is_capped_at_what_the_wallet_holds()
    {
        var (venue, events) = NewVenue();
        Market(venue, "ETHUSDT", Side.Buy, 1m);

        venue.SetPrice("ETHUSDT", 2009m); // equity 9 ≥ MM 8.036
        Assert.Equal(1m, Amount(venue));

        events.Clear();
        venue.SetPrice("ETHUSDT", 2008m); // equity 8 < MM 8.032: sell 1 @ 2008, realized −992, fee min(20.08, 8)
        Assert.Equal(0m, Amount(venue));
        Assert.Equal(0m, venue.WalletBalance);

        Assert.Null(venue.TryGetTrades(new TradeQuery("ETHUSDT", null, 0, null, null, 10), out var trades));
        var fill = trades[^1];
        Assert.Equal((Side.Sell, 2008m, 1m, -992m, 8m), (fill.Side, fill.Price, fill.Quantity, fill.RealizedPnl, fill.Commission));

        var liquidation = Assert.IsType<LiquidationEvent>(events[0]);
        Assert.Equal(OrderType.Liquidation, liquidation.Order.Type);
        Assert.Equal($"autoclose-{Start.ToUnixTimeMilliseconds()}", liquidation.Order.ClientOrderId);
        Assert.Equal(OrderStatus.Filled, liquidation.Order.Status);
        Assert.Equal(fill, liquidation.Trade);
        var account = Assert.IsType<PositionEvent>(events[1]);
        Assert.Equal((0m, 0m, -1000m), (account.Position.Amount, account.WalletBalance, account.BalanceChange));
        Assert.Equal(2, events.Count);

        Assert.Null(venue.TryGetOrder("ETHUSDT", fill.OrderId, null, out var stored));
        Assert.Equal(OrderType.Liquidation, stored.Type);
    }

    [Fact]
    public void With_room_left_the_whole_liquidation_fee_is_charged()
    {
        var (venue, _) = NewVenue(maintenance: 0.05m);
        Market(venue, "ETHUSDT", Side.Buy, 1m);

        // p = 2000 / 0.95 = 2105.26…; at 2106 equity 106 ≥ MM 105.3, at 2105 equity 105 < MM 105.25.
        venue.SetPrice("ETHUSDT", 2106m);
        Assert.Equal(1m, Amount(venue));
        venue.SetPrice("ETHUSDT", 2105m);
        Assert.Equal(0m, Amount(venue));

        // 1000 − 895 − 2105 × 0.01 = 83.95
        Assert.Equal(83.95m, venue.WalletBalance);
    }

    [Fact]
    public void A_gap_through_the_price_leaves_a_deficit_that_the_insurance_fund_clears()
    {
        var (venue, events) = NewVenue();
        Market(venue, "ETHUSDT", Side.Buy, 1m);
        events.Clear();
        venue.SetPrice("ETHUSDT", 1900m); // realized −1100: wallet −100, fee 0, insurance +100

        Assert.Equal(0m, venue.WalletBalance);
        var clear = Assert.IsType<BalanceEvent>(events[^1]);
        Assert.Equal((BalanceChangeReason.InsuranceClear, 100m, 0m), (clear.Reason, clear.Change, clear.WalletBalance));
        Assert.Null(venue.TryGetIncome(new IncomeQuery(null, null, DateTimeOffset.UnixEpoch, null, 1, 100), out var income));
        Assert.Equal([(IncomeType.RealizedPnl, -1100m), (IncomeType.InsuranceClear, 100m)], income.Select(r => (r.Type, r.Income)));
        Assert.Equal(venue.WalletBalance - 1000m, income.Sum(r => r.Income));
    }

    [Fact]
    public void Cross_margin_counts_every_symbol_and_closes_every_position_and_open_order()
    {
        var (venue, events) = NewVenue(symbols: [Still, StillBtc]);
        Market(venue, "ETHUSDT", Side.Buy, 1m);
        Market(venue, "BTCUSDT", Side.Sell, 0.01m);
        Assert.Null(venue.TryPlace(new OrderRequest("BTCUSDT", Side.Buy, OrderType.Limit, null, 0.01m, 80000m, TimeInForce.Gtc, null, null), out _, out var resting));
        Assert.Equal(OrderStatus.New, resting.Status);

        // BTC up 10 000 on 0.01 short = −100 unrealized; ETH: W + U_btc + 1·p − 3000 = MM_btc + 0.004·p
        // → p = (4 − 1000 + 100 + 3000) / 0.996 = 2104 / 0.996 = 2112.4497…
        venue.SetPrice("BTCUSDT", 100000m);
        Assert.Equal(2112.44979920m, Math.Round(venue.LiquidationPrice("ETHUSDT"), 8));

        venue.SetPrice("ETHUSDT", 2113m); // equity 1000 − 887 − 100 = 13 ≥ MM 8.452 + 4
        Assert.Equal(1m, Amount(venue));
        events.Clear();
        venue.SetPrice("ETHUSDT", 2112m); // equity 12 < MM 8.448 + 4 = 12.448
        Assert.Equal(0m, Amount(venue));
        Assert.Equal(0m, Amount(venue, "BTCUSDT"));
        Assert.Empty(venue.OpenOrders(null));
        Assert.Equal("CANCELED", Assert.IsType<OrderEvent>(events[0]).ExecutionType);
        Assert.Equal(2, events.OfType<LiquidationEvent>().Count());
    }

    [Fact]
    public void Hedge_sides_of_one_symbol_move_together_in_the_liquidation_price()
    {
        var (venue, _) = NewVenue(mode: PositionMode.Hedge);
        Market(venue, "ETHUSDT", Side.Buy, 2m, PositionSide.Long);
        Market(venue, "ETHUSDT", Side.Sell, 1m, PositionSide.Short);

        // Q = 1, A = 3, C = 2·3000 − 1·3000 = 3000 → p = (−1000 + 3000) / (1 − 0.012) = 2024.2914979…
        Assert.Equal(2024.29149798m, Math.Round(venue.LiquidationPrice("ETHUSDT"), 8));
        Assert.All(venue.Positions("ETHUSDT"), p => Assert.Equal(2024.29149798m, Math.Round(p.LiquidationPrice, 8)));
    }

    [Fact]
    public void Liquidation_off_never_closes()
    {
        var venue = new PaperVenue(new PaperExchangeOptions { Symbols = [Still], InitialBalance = 1000m, Liquidation = false });
        Market(venue, "ETHUSDT", Side.Buy, 1m);
        venue.SetPrice("ETHUSDT", 1000m);
        Assert.Equal(1m, Amount(venue));
    }

    [Fact]
    public void The_liquidation_fill_reaches_the_stream_as_calculated_with_order_type_liquidation()
    {
        var order = new PaperOrder(42, Still, "autoclose-1767229200000", Side.Sell, PositionSide.Both, OrderType.Liquidation, TimeInForce.Ioc, false, 2008m, 1m, 1m, 2008m, OrderStatus.Filled, Start);
        var trade = new PaperTrade(Still, 7, 42, Side.Sell, PositionSide.Both, 2008m, 1m, -992m, 8m, Maker: false, Start);
        var wire = MoneyEventWire.ToWire(new LiquidationEvent(Start, order, trade)).Order;

        Assert.Equal(("CALCULATED", "FILLED", "LIQUIDATION", "LIQUIDATION"), (wire.ExecutionType, wire.Status, wire.OrderType, wire.OriginalType));
        Assert.Equal(("autoclose-1767229200000", 7L, "1", "2008", "8.00000000", "-992.00000000"), (wire.ClientOrderId, wire.TradeId, wire.LastFilledQuantity, wire.LastFilledPrice, wire.Commission, wire.RealizedProfit));
    }

    [Fact]
    public async Task Position_risk_reports_the_liquidation_price()
    {
        await using var x = await ExchangeFixture.StartAsync(o =>
        {
            o.Symbols = [Still];
            o.InitialBalance = 1000m;
            o.TakerFeeRate = 0m;
        });
        (await x.Client.SignedPostAsync("fapi/v1/order", "symbol=ETHUSDT&side=BUY&type=MARKET&quantity=1")).Dispose();

        using var v2 = await x.Client.SignedGetAsync("fapi/v2/positionRisk", "symbol=ETHUSDT");
        Assert.Equal("2008.03212851", Assert.Single((await PaperClient.JsonAsync(v2)).EnumerateArray()).GetProperty("liquidationPrice").GetString());
        using var v3 = await x.Client.SignedGetAsync("fapi/v3/positionRisk", "symbol=ETHUSDT");
        var row = Assert.Single((await PaperClient.JsonAsync(v3)).EnumerateArray());
        Assert.Equal("2008.03212851", row.GetProperty("liquidationPrice").GetString());
        Assert.Equal(12m, PaperClient.Dec(row, "maintMargin"));
    }
}
