using System.Net;
using System.Text.Json;
using FsCheck;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using Tally.Core;
using Tally.PaperExchange.Streams;

namespace Tally.PaperExchange.Tests;

/// <summary>Funding every 8 hours, settled lazily and in order, with hand-computed payments.</summary>
public sealed class FundingTests
{
    private static readonly PaperSymbol Still = new("ETHUSDT", "ETH", "USDT", 0.01m, 0.001m, 10000m, 5m, 3000m, MaxTicksPerStep: 0);
    private static readonly DateTimeOffset Midnight = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static (PaperVenue Venue, FakeTimeProvider Clock, List<VenueEvent> Events) NewVenue(decimal? rate = 0.0001m, PositionMode mode = PositionMode.OneWay, DateTimeOffset? start = null)
    {
        var clock = new FakeTimeProvider(start ?? Midnight);
        var events = new List<VenueEvent>();
        var venue = new PaperVenue(
            new PaperExchangeOptions { Symbols = [Still], TimeProvider = clock, FixedFundingRate = rate, TakerFeeRate = 0.0004m, PositionMode = mode },
            events.Add);
        return (venue, clock, events);
    }

    private static void Market(PaperVenue venue, Side side, decimal quantity, PositionSide? positionSide = null) =>
        Assert.Null(venue.TryPlace(new OrderRequest("ETHUSDT", side, OrderType.Market, positionSide, quantity, null, null, null, null), out _, out _));

    private static List<IncomeRecord> Income(PaperVenue venue, IncomeType? type = null)
    {
        Assert.Null(venue.TryGetIncome(new IncomeQuery(null, type, DateTimeOffset.UnixEpoch, null, 1, 1000), out var rows));
        return rows.ToList();
    }

    [Theory]
    [InlineData("2026-01-01T07:59:59.999Z", "2026-01-01T08:00:00Z")]
    [InlineData("2026-01-01T08:00:00Z", "2026-01-01T16:00:00Z")]
    [InlineData("2026-01-01T23:00:00Z", "2026-01-02T00:00:00Z")]
    [InlineData("2025-12-31T16:00:00.001Z", "2026-01-01T00:00:00Z")]
    public void Funding_times_are_00_08_and_16_utc(string time, string next) =>
        Assert.Equal(DateTimeOffset.Parse(next, System.Globalization.CultureInfo.InvariantCulture), FundingSchedule.NextAfter(DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture)));

    [Property(MaxTest = 200)]
    public void Seeded_rates_lie_in_half_a_basis_point_band_on_the_1e8_grid_and_depend_only_on_their_inputs(int seed, byte symbolIndex, ushort period)
    {
        var at = Midnight + (FundingSchedule.Interval * period);
        var rate = FundingSchedule.SeededRate(seed, symbolIndex, at);
        Assert.InRange(rate, -0.0005m, 0.0005m);
        Assert.Equal(0m, rate % 0.00000001m);
        Assert.Equal(rate, FundingSchedule.SeededRate(seed, symbolIndex, at));
    }

    [Fact]
    public void Seeded_rates_vary_between_funding_times()
    {
        var rates = Enumerable.Range(0, 30).Select(i => FundingSchedule.SeededRate(1, 0, Midnight + (FundingSchedule.Interval * i))).ToHashSet();
        Assert.True(rates.Count > 25, $"only {rates.Count} distinct rates in 30 funding times");
        Assert.Contains(rates, r => r > 0);
        Assert.Contains(rates, r => r < 0);
    }

    [Fact]
    public void A_long_pays_a_positive_rate_at_08_00_and_the_wallet_and_income_show_it()
    {
        var (venue, clock, events) = NewVenue(rate: 0.0001m);
        Market(venue, Side.Buy, 2m); // fee 2 × 3000 × 0.0004 = 2.4
        clock.Advance(TimeSpan.FromHours(7) + TimeSpan.FromMinutes(59));
        venue.CatchUp();
        Assert.Equal(9997.6m, venue.WalletBalance);

        clock.Advance(TimeSpan.FromMinutes(1));
        venue.CatchUp();

        // −(2 × 3000 × 0.0001) = −0.6
        Assert.Equal(9997.0m, venue.WalletBalance);
        var funding = Assert.Single(Income(venue, IncomeType.FundingFee));
        Assert.Equal(-0.6m, funding.Income);
        Assert.Equal(Midnight.AddHours(8), funding.Time);
        Assert.Null(funding.TradeId);
        var balance = Assert.IsType<BalanceEvent>(events[^1]);
        Assert.Equal((BalanceChangeReason.FundingFee, -0.6m, 9997.0m, Midnight.AddHours(8)), (balance.Reason, balance.Change, balance.WalletBalance, balance.At));
    }

    [Fact]
    public void A_short_receives_a_positive_rate_and_pays_a_negative_one()
    {
        var (venue, clock, _) = NewVenue(rate: -0.0002m);
        Market(venue, Side.Sell, 1m); // fee 1.2
        clock.Advance(TimeSpan.FromHours(8));
        venue.CatchUp();

        // −(−1 × 3000 × −0.0002) = −0.6
        Assert.Equal(10000m - 1.2m - 0.6m, venue.WalletBalance);
    }

    [Fact]
    public void Every_funding_time_passed_is_settled_in_order_each_at_its_own_time()
    {
        var (venue, clock, events) = NewVenue(rate: 0.0001m);
        Market(venue, Side.Buy, 1m);
        clock.Advance(TimeSpan.FromHours(25));
        venue.CatchUp();

        var times = events.OfType<BalanceEvent>().Select(e => e.At).ToList();
        Assert.Equal([Midnight.AddHours(8), Midnight.AddHours(16), Midnight.AddHours(24)], times);
        Assert.Equal(3, Income(venue, IncomeType.FundingFee).Count);
        Assert.Equal(10000m - 1.2m - (3 * 0.3m), venue.WalletBalance);
        Assert.Equal(Midnight.AddHours(32), venue.NextFundingTime);
    }

    [Fact]
    public void Funding_uses_the_position_that_stood_at_the_funding_time_even_when_settled_later()
    {
        var (venue, clock, _) = NewVenue(rate: 0.0001m);
        clock.Advance(TimeSpan.FromHours(7));
        Market(venue, Side.Buy, 1m); // open 1 @ 3000 at 07:00, fee 1.2
        clock.Advance(TimeSpan.FromHours(2));

        // Nobody asked at 08:00; closing at 09:00 settles the 08:00 funding on the open position first.
        Market(venue, Side.Sell, 1m); // fee 1.2
        clock.Advance(TimeSpan.FromHours(8));
        venue.CatchUp();

        var funding = Assert.Single(Income(venue, IncomeType.FundingFee));
        Assert.Equal(-0.3m, funding.Income);
        Assert.Equal(10000m - 2.4m - 0.3m, venue.WalletBalance);
    }

    [Fact]
    public void Hedge_books_pay_and_receive_separately()
    {
        var (venue, clock, _) = NewVenue(rate: 0.0001m, mode: PositionMode.Hedge);
        Market(venue, Side.Buy, 1m, PositionSide.Long);
        Market(venue, Side.Sell, 2m, PositionSide.Short);
        clock.Advance(TimeSpan.FromHours(8));
        venue.CatchUp();

        Assert.Equal([-0.3m, 0.6m], Income(venue, IncomeType.FundingFee).Select(r => r.Income));
    }

    [Fact]
    public void Funding_off_pays_nothing()
    {
        var clock = new FakeTimeProvider(Midnight);
        var venue = new PaperVenue(new PaperExchangeOptions { Symbols = [Still], TimeProvider = clock, Funding = false, FixedFundingRate = 0.01m });
        Assert.Null(venue.TryPlace(new OrderRequest("ETHUSDT", Side.Buy, OrderType.Market, null, 1m, null, null, null, null), out _, out _));
        clock.Advance(TimeSpan.FromDays(3));
        venue.CatchUp();
        Assert.Equal(10000m - 1.2m, venue.WalletBalance);
        Assert.Empty(venue.FundingHistory("ETHUSDT", null, null, 100));
    }

    [Fact]
    public void Income_has_a_commission_row_per_fill_a_realized_row_per_closing_fill_and_sums_to_the_wallet_change()
    {
        var (venue, clock, _) = NewVenue(rate: 0.0001m);
        Market(venue, Side.Buy, 1m);
        clock.Advance(TimeSpan.FromHours(8));
        venue.SetPrice("ETHUSDT", 3100m); // funding at 08:00 is settled first, at 3000: −0.3
        Market(venue, Side.Sell, 1m); // realized +100, fee 3100 × 0.0004 = 1.24

        var rows = Income(venue);
        Assert.Equal(
            [(IncomeType.Commission, -1.2m), (IncomeType.FundingFee, -0.3m), (IncomeType.RealizedPnl, 100m), (IncomeType.Commission, -1.24m)],
            rows.Select(r => (r.Type, r.Income)));
        Assert.Equal(venue.WalletBalance - 10000m, rows.Sum(r => r.Income));
        Assert.Equal(rows.Select(r => r.TranId).Order(), rows.Select(r => r.TranId));
        Assert.Equal(rows.Count, rows.Select(r => r.TranId).Distinct().Count());
    }

    [Fact]
    public void A_funding_fee_reaches_the_stream_as_a_cross_account_update_with_only_the_balance()
    {
        var clock = new FakeTimeProvider(Midnight);
        var stream = new UserDataStream(new PaperExchangeOptions { TimeProvider = clock, Seed = 1, TakerFeeRate = 0.0004m, ListenKeyExpiredEvents = false });
        var reader = stream.Connect(stream.Start())!;
        var venue = new PaperVenue(new PaperExchangeOptions { Symbols = [Still], TimeProvider = clock, FixedFundingRate = 0.0001m }, stream.Publish);
        Assert.Null(venue.TryPlace(new OrderRequest("ETHUSDT", Side.Buy, OrderType.Market, null, 2m, null, null, null, null), out _, out _));
        while (reader.TryRead(out _))
        {
            // The order's own events.
        }

        clock.Advance(TimeSpan.FromHours(8));
        venue.CatchUp();

        Assert.True(reader.TryRead(out var json));
        Assert.Equal(
            """{"e":"ACCOUNT_UPDATE","E":1767254400000,"T":1767254400000,"a":{"m":"FUNDING_FEE","B":[{"a":"USDT","wb":"9997.00000000","cw":"9997.00000000","bc":"-0.60000000"}],"P":[]}}""",
            json);
        Assert.False(reader.TryRead(out _));
    }

    [Fact]
    public async Task The_stream_gets_the_funding_event_at_the_next_request_stamped_with_the_funding_time()
    {
        await using var x = await ExchangeFixture.StartAsync(o =>
        {
            o.Symbols = [Still];
            o.FixedFundingRate = 0.0001m;
            o.ListenKeyExpiredEvents = false; // nine hours pass without a keep-alive
        });
        using var socket = await StreamProbe.ConnectAsync(x);
        (await x.Client.SignedPostAsync("fapi/v1/order", "symbol=ETHUSDT&side=SELL&type=MARKET&quantity=1")).Dispose();
        for (var i = 0; i < 4; i++)
        {
            await StreamProbe.ReceiveAsync(socket); // NEW, TRADE_LITE, TRADE, ACCOUNT_UPDATE of the order
        }

        // Nothing happens at 08:00 itself; the next request of any kind settles it, stamped 08:00.
        x.Clock.Advance(TimeSpan.FromHours(9));
        (await x.Client.GetAsync("fapi/v1/ping")).Dispose();
        var funding = await StreamProbe.ReceiveAsync(socket);

        Assert.Equal("FUNDING_FEE", funding.GetProperty("a").GetProperty("m").GetString());
        Assert.Equal(Midnight.AddHours(8).ToUnixTimeMilliseconds(), funding.GetProperty("E").GetInt64());
        var balance = Assert.Single(funding.GetProperty("a").GetProperty("B").EnumerateArray());
        Assert.Equal("0.30000000", balance.GetProperty("bc").GetString()); // a short receives 1 × 3000 × 0.0001
        Assert.Equal(0, funding.GetProperty("a").GetProperty("P").GetArrayLength());
    }

    [Fact]
    public async Task Income_premium_index_and_funding_rate_history_over_http()
    {
        await using var x = await ExchangeFixture.StartAsync(o =>
        {
            o.Symbols = [Still];
            o.FixedFundingRate = 0.0001m;
        });
        (await x.Client.SignedPostAsync("fapi/v1/order", "symbol=ETHUSDT&side=BUY&type=MARKET&quantity=2")).Dispose();

        using (var premium = await x.Client.GetAsync("fapi/v1/premiumIndex?symbol=ETHUSDT"))
        {
            var body = await PaperClient.JsonAsync(premium);
            Assert.Equal(3000m, PaperClient.Dec(body, "markPrice"));
            Assert.Equal(0.0001m, PaperClient.Dec(body, "lastFundingRate"));
            Assert.Equal(Midnight.AddHours(8).ToUnixTimeMilliseconds(), body.GetProperty("nextFundingTime").GetInt64());
        }

        x.Clock.Advance(TimeSpan.FromHours(16));

        using (var income = await x.Client.SignedGetAsync("fapi/v1/income", "incomeType=FUNDING_FEE"))
        {
            Assert.Equal(HttpStatusCode.OK, income.StatusCode);
            var rows = (await PaperClient.JsonAsync(income)).EnumerateArray().ToList();
            Assert.Equal(2, rows.Count);
            Assert.All(rows, r =>
            {
                Assert.Equal("-0.60000000", r.GetProperty("income").GetString());
                Assert.Equal("FUNDING_FEE", r.GetProperty("incomeType").GetString());
                Assert.Equal("ETHUSDT", r.GetProperty("symbol").GetString());
                Assert.Equal("USDT", r.GetProperty("asset").GetString());
                Assert.Equal(string.Empty, r.GetProperty("tradeId").GetString());
                Assert.Equal(JsonValueKind.Number, r.GetProperty("tranId").ValueKind);
            });
            Assert.Equal([Midnight.AddHours(8).ToUnixTimeMilliseconds(), Midnight.AddHours(16).ToUnixTimeMilliseconds()], rows.Select(r => r.GetProperty("time").GetInt64()));
        }

        using (var paged = await x.Client.SignedGetAsync("fapi/v1/income", "limit=1&page=2"))
        {
            var row = Assert.Single((await PaperClient.JsonAsync(paged)).EnumerateArray());
            Assert.Equal(Midnight.AddHours(8).ToUnixTimeMilliseconds(), row.GetProperty("time").GetInt64());
        }

        using (var history = await x.Client.GetAsync("fapi/v1/fundingRate?symbol=ETHUSDT"))
        {
            var rows = (await PaperClient.JsonAsync(history)).EnumerateArray().ToList();
            Assert.Equal([Midnight.AddHours(8).ToUnixTimeMilliseconds(), Midnight.AddHours(16).ToUnixTimeMilliseconds()], rows.Select(r => r.GetProperty("fundingTime").GetInt64()));
            Assert.All(rows, r => Assert.Equal("0.00010000", r.GetProperty("fundingRate").GetString()));
        }

        using var badType = await x.Client.SignedGetAsync("fapi/v1/income", "incomeType=LOTTERY");
        Assert.Equal(-1130, await PaperClient.ErrorCodeAsync(badType));
        using var badLimit = await x.Client.SignedGetAsync("fapi/v1/income", "limit=1001");
        Assert.Equal(-1130, await PaperClient.ErrorCodeAsync(badLimit));
    }
}
