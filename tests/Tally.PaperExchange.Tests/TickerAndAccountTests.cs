using System.Net;
using System.Text.Json;

namespace Tally.PaperExchange.Tests;

/// <summary>Tickers and account snapshots, on two symbols that do not walk so the numbers are exact.</summary>
public sealed class TickerAndAccountTests
{
    [Fact]
    public async Task The_24h_ticker_sums_the_window_s_fills_and_takes_its_last_price_from_the_feed()
    {
        await using var x = await StartAsync();
        var quiet = await GetAsync(x, "fapi/v1/ticker/24hr?symbol=ETHUSDT");
        Assert.Equal("3000.00", quiet.GetProperty("lastPrice").GetString());
        Assert.Equal("3000.00", quiet.GetProperty("openPrice").GetString());
        Assert.Equal("0.000", quiet.GetProperty("priceChangePercent").GetString());
        Assert.Equal("0.000", quiet.GetProperty("volume").GetString());
        Assert.Equal(0, quiet.GetProperty("count").GetInt64());
        Assert.Equal(-1, quiet.GetProperty("firstId").GetInt64());

        await MarketAsync(x, "BUY", "0.5");
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=3030");
        await MarketAsync(x, "SELL", "0.2");
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=3060");
        x.Clock.Advance(TimeSpan.FromHours(1));

        var day = await GetAsync(x, "fapi/v1/ticker/24hr?symbol=ETHUSDT");
        Assert.Equal("ETHUSDT", day.GetProperty("symbol").GetString());
        Assert.Equal("3060.00", day.GetProperty("lastPrice").GetString());
        Assert.Equal("3000.00", day.GetProperty("openPrice").GetString());
        Assert.Equal("3060.00", day.GetProperty("highPrice").GetString());
        Assert.Equal("3000.00", day.GetProperty("lowPrice").GetString());
        Assert.Equal("60.00", day.GetProperty("priceChange").GetString());
        Assert.Equal("2.000", day.GetProperty("priceChangePercent").GetString()); // 60 / 3000
        Assert.Equal("0.700", day.GetProperty("volume").GetString());
        Assert.Equal("2106.00000", day.GetProperty("quoteVolume").GetString()); // 3000 × 0.5 + 3030 × 0.2
        Assert.Equal("3008.57", day.GetProperty("weightedAvgPrice").GetString()); // 2106 / 0.7 = 3008.571…
        Assert.Equal("0.200", day.GetProperty("lastQty").GetString());
        Assert.Equal(2, day.GetProperty("count").GetInt64());
        Assert.Equal(day.GetProperty("firstId").GetInt64() + 1, day.GetProperty("lastId").GetInt64());
        var now = x.Clock.GetUtcNow();
        Assert.Equal(now.ToUnixTimeMilliseconds(), day.GetProperty("closeTime").GetInt64());
        Assert.Equal(now.AddHours(-24).ToUnixTimeMilliseconds(), day.GetProperty("openTime").GetInt64());

        // 24 hours later both fills have left the window.
        x.Clock.Advance(TimeSpan.FromHours(24));
        var later = await GetAsync(x, "fapi/v1/ticker/24hr?symbol=ETHUSDT");
        Assert.Equal("3060.00", later.GetProperty("openPrice").GetString());
        Assert.Equal(0, later.GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task Price_and_book_tickers_follow_the_feed_for_one_symbol_or_all_with_documented_weights()
    {
        await using var x = await StartAsync();
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=3123.45");

        using (var all = await x.Client.GetAsync("fapi/v1/ticker/24hr"))
        {
            Assert.Equal("40", all.Headers.GetValues("X-MBX-USED-WEIGHT-1M").Single());
            Assert.Equal(["ETHUSDT", "BTCUSDT"], (await PaperClient.JsonAsync(all)).EnumerateArray().Select(r => r.GetProperty("symbol").GetString()));
        }

        foreach (var path in new[] { "fapi/v1/ticker/price", "fapi/v2/ticker/price" })
        {
            var price = await GetAsync(x, path + "?symbol=ETHUSDT");
            Assert.Equal("3123.45", price.GetProperty("price").GetString());
            Assert.Equal(x.Clock.GetUtcNow().ToUnixTimeMilliseconds(), price.GetProperty("time").GetInt64());
        }

        using (var prices = await x.Client.GetAsync("fapi/v2/ticker/price"))
        {
            Assert.Equal("44", prices.Headers.GetValues("X-MBX-USED-WEIGHT-1M").Single()); // 40 + 1 + 1 + 2
            var rows = (await PaperClient.JsonAsync(prices)).EnumerateArray().ToList();
            Assert.Equal("90000.0", rows[1].GetProperty("price").GetString());
        }

        using (var book = await x.Client.GetAsync("fapi/v1/ticker/bookTicker?symbol=ETHUSDT"))
        {
            Assert.Equal("46", book.Headers.GetValues("X-MBX-USED-WEIGHT-1M").Single());
            var b = await PaperClient.JsonAsync(book);
            Assert.Equal("3123.44", b.GetProperty("bidPrice").GetString());
            Assert.Equal("3123.46", b.GetProperty("askPrice").GetString());
            Assert.Equal("100.000", b.GetProperty("bidQty").GetString()); // 1 % of max qty 10 000
            Assert.Equal("100.000", b.GetProperty("askQty").GetString());
        }

        using (var books = await x.Client.GetAsync("fapi/v1/ticker/bookTicker"))
        {
            Assert.Equal("51", books.Headers.GetValues("X-MBX-USED-WEIGHT-1M").Single());
            Assert.Equal(2, (await PaperClient.JsonAsync(books)).GetArrayLength());
        }

        using var unknown = await x.Client.GetAsync("fapi/v1/ticker/price?symbol=DOGEUSDT");
        Assert.Equal(-1121, await PaperClient.ErrorCodeAsync(unknown));
    }

    [Fact]
    public async Task Account_v3_and_v2_report_wallet_unrealized_margins_and_positions()
    {
        await using var x = await StartAsync();
        await MarketAsync(x, "BUY", "0.5"); // fee 3000 × 0.5 × 0.0004 = 0.6
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=3100");

        // W = 9999.4; U = (3100 − 3000) × 0.5 = 50; notional 1550: IM = 1550 / 20 = 77.5, MM = 0.4 % = 6.2;
        // margin balance W + U = 10049.4; available W + U − IM = 9971.9.
        using (var v3 = await x.Client.SignedGetAsync("fapi/v3/account", string.Empty))
        {
            var a = await PaperClient.JsonAsync(v3);
            Assert.Equal("9999.40000000", a.GetProperty("totalWalletBalance").GetString());
            Assert.Equal("50.00000000", a.GetProperty("totalUnrealizedProfit").GetString());
            Assert.Equal("10049.40000000", a.GetProperty("totalMarginBalance").GetString());
            Assert.Equal("77.50000000", a.GetProperty("totalInitialMargin").GetString());
            Assert.Equal("77.50000000", a.GetProperty("totalPositionInitialMargin").GetString());
            Assert.Equal("6.20000000", a.GetProperty("totalMaintMargin").GetString());
            Assert.Equal("9971.90000000", a.GetProperty("availableBalance").GetString());
            Assert.Equal("9999.40000000", a.GetProperty("totalCrossWalletBalance").GetString());
            var asset = Assert.Single(a.GetProperty("assets").EnumerateArray());
            Assert.Equal("USDT", asset.GetProperty("asset").GetString());
            Assert.Equal("10049.40000000", asset.GetProperty("marginBalance").GetString());
            Assert.False(asset.TryGetProperty("marginAvailable", out _));
            var position = Assert.Single(a.GetProperty("positions").EnumerateArray()); // BTC is flat: left out
            Assert.Equal("ETHUSDT", position.GetProperty("symbol").GetString());
            Assert.Equal("0.500", position.GetProperty("positionAmt").GetString());
            Assert.Equal("50.00000000", position.GetProperty("unrealizedProfit").GetString());
            Assert.Equal("1550.00000000", position.GetProperty("notional").GetString());
            Assert.Equal("77.50000000", position.GetProperty("initialMargin").GetString());
        }

        using (var v2 = await x.Client.SignedGetAsync("fapi/v2/account", string.Empty))
        {
            var a = await PaperClient.JsonAsync(v2);
            Assert.True(a.GetProperty("canTrade").GetBoolean());
            Assert.Equal("9971.90000000", a.GetProperty("maxWithdrawAmount").GetString());
            Assert.True(Assert.Single(a.GetProperty("assets").EnumerateArray()).GetProperty("marginAvailable").GetBoolean());
            var rows = a.GetProperty("positions").EnumerateArray().ToList();
            Assert.Equal(2, rows.Count); // every symbol, flat ones too
            var eth = rows.Single(r => r.GetProperty("symbol").GetString() == "ETHUSDT");
            Assert.Equal("3000.00000000", eth.GetProperty("entryPrice").GetString());
            Assert.Equal("20", eth.GetProperty("leverage").GetString());
            Assert.False(eth.GetProperty("isolated").GetBoolean());
            Assert.Equal("BOTH", eth.GetProperty("positionSide").GetString());
        }

        using var balance = await x.Client.SignedGetAsync("fapi/v3/balance", string.Empty);
        var row = Assert.Single((await PaperClient.JsonAsync(balance)).EnumerateArray());
        Assert.Equal("9971.90000000", row.GetProperty("availableBalance").GetString());
        Assert.Equal("50.00000000", row.GetProperty("crossUnPnl").GetString());
    }

    private static Task<ExchangeFixture> StartAsync() => ExchangeFixture.StartAsync(o => o.Symbols =
    [
        new PaperSymbol("ETHUSDT", "ETH", "USDT", 0.01m, 0.001m, 10000m, 20m, 3000.00m, MaxTicksPerStep: 0),
        new PaperSymbol("BTCUSDT", "BTC", "USDT", 0.1m, 0.001m, 1000m, 100m, 90000.0m, MaxTicksPerStep: 0),
    ]);

    private static async Task MarketAsync(ExchangeFixture x, string side, string quantity)
    {
        using var response = await x.Client.SignedPostAsync("fapi/v1/order", $"symbol=ETHUSDT&side={side}&type=MARKET&quantity={quantity}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<JsonElement> GetAsync(ExchangeFixture x, string pathAndQuery)
    {
        using var response = await x.Client.GetAsync(pathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await PaperClient.JsonAsync(response);
    }
}
