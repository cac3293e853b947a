using System.Net;
using Microsoft.Extensions.Time.Testing;
using Tally.PaperExchange.Market;

namespace Tally.PaperExchange.Tests;

/// <summary>GET /fapi/v1/klines: rows as Binance writes them, from the same candles as the kline streams.</summary>
public sealed class KlinesApiTests
{
    private static readonly long Start = ExchangeFixture.Start.ToUnixTimeMilliseconds();

    /// <summary>Three trades in minutes 0, 2 and 6 (minute 1 and 3–5 without trades), ending in minute 7.</summary>
    private static async Task TradeOverSevenMinutesAsync(ExchangeFixture x)
    {
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=3010&qty=1&side=BUY");
        x.Clock.Advance(TimeSpan.FromMinutes(2));
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=3020&qty=2&side=BUY");
        x.Clock.Advance(TimeSpan.FromMinutes(4));
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=2990&qty=3&side=SELL");
        x.Clock.Advance(TimeSpan.FromMinutes(1));
    }

    private static async Task<string[][]> RowsAsync(ExchangeFixture x, string query)
    {
        using var response = await x.Client.GetAsync("fapi/v1/klines?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await PaperClient.JsonAsync(response)).EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.ToString()).ToArray())];
    }

    [Fact]
    public async Task Every_minute_since_start_is_a_row_and_one_without_trades_is_flat_at_the_last_close()
    {
        await using var x = await ExchangeFixture.StartAsync();
        await TradeOverSevenMinutesAsync(x);

        var rows = await RowsAsync(x, "symbol=ETHUSDT&interval=1m");
        Assert.Equal(8, rows.Length); // minutes 0–6 closed, minute 7 still open
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (Start + (i * 60_000L)).ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Select(r => r[0]));
        Assert.Equal(["3010.00", "3010.00", "3010.00", "3010.00", "1", "1"], [rows[0][1], rows[0][2], rows[0][3], rows[0][4], rows[0][5], rows[0][9]]);
        Assert.Equal(["3010.00", "3010.00", "3010.00", "3010.00", "0", "0"], [rows[1][1], rows[1][2], rows[1][3], rows[1][4], rows[1][5], rows[1][8]]);
        Assert.Equal(["2990.00", "3", "0", "8970"], [rows[6][4], rows[6][5], rows[6][9], rows[6][7]]);
    }

    [Fact]
    public async Task Start_end_and_limit_select_rows_and_longer_intervals_aggregate_the_minutes()
    {
        await using var x = await ExchangeFixture.StartAsync();
        await TradeOverSevenMinutesAsync(x);

        var window = await RowsAsync(x, $"symbol=ETHUSDT&interval=1m&startTime={Start + 120_000}&endTime={Start + 240_000}");
        Assert.Equal([Start + 120_000, Start + 180_000, Start + 240_000], window.Select(r => long.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture)));

        var latest = await RowsAsync(x, "symbol=ETHUSDT&interval=1m&limit=2");
        Assert.Equal([Start + 360_000, Start + 420_000], latest.Select(r => long.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture)));

        var firstTwo = await RowsAsync(x, $"symbol=ETHUSDT&interval=1m&startTime={Start}&limit=2");
        Assert.Equal([Start, Start + 60_000], firstTwo.Select(r => long.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture)));

        // 5m: minutes 0–4 (trades at 3010 and 3020: volume 3, all taker buys), then 5–9 (the 2990 sell).
        var fives = await RowsAsync(x, "symbol=ETHUSDT&interval=5m");
        Assert.Equal(2, fives.Length);
        Assert.Equal(["3010.00", "3020.00", "3010.00", "3020.00", "3", (Start + 299_999).ToString(System.Globalization.CultureInfo.InvariantCulture), "2", "3"], [fives[0][1], fives[0][2], fives[0][3], fives[0][4], fives[0][5], fives[0][6], fives[0][8], fives[0][9]]);
        Assert.Equal(["3020.00", "3020.00", "2990.00", "2990.00", "3"], [fives[1][1], fives[1][2], fives[1][3], fives[1][4], fives[1][5]]);
    }

    [Theory]
    [InlineData("symbol=ETHUSDT&interval=2m", -1120)]
    [InlineData("symbol=ETHUSDT&interval=1M", -1120)]
    [InlineData("interval=1m", -1102)]
    [InlineData("symbol=ETHUSDT", -1102)]
    [InlineData("symbol=DOGEUSDT&interval=1m", -1121)]
    [InlineData("symbol=ETHUSDT&interval=1m&limit=1501", -1130)]
    [InlineData("symbol=ETHUSDT&interval=1m&limit=0", -1130)]
    public async Task Bad_parameters_are_refused_with_binance_codes(string query, int code)
    {
        await using var x = await ExchangeFixture.StartAsync();
        using var response = await x.Client.GetAsync("fapi/v1/klines?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (await PaperClient.JsonAsync(response)).GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(99, 1)]
    [InlineData(100, 2)]
    [InlineData(499, 2)]
    [InlineData(500, 5)]
    [InlineData(1000, 5)]
    [InlineData(1001, 10)]
    [InlineData(1500, 10)]
    public async Task Weight_follows_the_limit(int limit, int weight)
    {
        await using var x = await ExchangeFixture.StartAsync();
        using var response = await x.Client.GetAsync($"fapi/v1/klines?symbol=ETHUSDT&interval=1m&limit={limit}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(weight.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-MBX-USED-WEIGHT-1M").Single());
    }

    [Fact]
    public void Weekly_bars_open_on_monday_and_others_on_the_epoch_grid()
    {
        Assert.True(KlineInterval.TryParse("1w", out var week));
        Assert.True(KlineInterval.TryParse("4h", out var fourHours));

        // 2026-01-01 was a Thursday; its week opened on Monday 2025-12-29.
        var thursday = ExchangeFixture.Start.AddHours(13).ToUnixTimeMilliseconds();
        Assert.Equal(new DateTimeOffset(2025, 12, 29, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), week.OpenOf(thursday));
        Assert.Equal(ExchangeFixture.Start.AddHours(12).ToUnixTimeMilliseconds(), fourHours.OpenOf(thursday));
    }

    [Fact]
    public void The_venue_serves_klines_without_any_stream()
    {
        var clock = new FakeTimeProvider(ExchangeFixture.Start);
        var venue = new PaperVenue(new PaperExchangeOptions { TimeProvider = clock });
        venue.SetPrice("BTCUSDT", 91_000m, 0.5m, Tally.Core.Side.Buy);
        clock.Advance(TimeSpan.FromMinutes(1));
        var bars = venue.Klines("BTCUSDT", KlineInterval.OneMinute, null, null, 10);
        Assert.Equal(2, bars.Count);
        Assert.Equal((91_000m, 0.5m, 0.5m, 1L), (bars[0].Close, bars[0].Volume, bars[0].TakerBuyVolume, bars[0].Trades));
        Assert.Equal((91_000m, 0m, 0L, -1L), (bars[1].Open, bars[1].Volume, bars[1].Trades, bars[1].FirstTradeId));
    }
}
