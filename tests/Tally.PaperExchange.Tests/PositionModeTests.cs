using System.Net;
using System.Text.Json;

namespace Tally.PaperExchange.Tests;

public sealed class PositionModeTests
{
    private const string Dual = "fapi/v1/positionSide/dual";

    [Fact]
    public async Task Switching_to_the_current_mode_is_minus_4059()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using var response = await x.Client.SignedPostAsync(Dual, "dualSidePosition=false");
        Assert.Equal(-4059, await PaperClient.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task Hedge_mode_requires_long_or_short_and_refuses_reduce_only()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using (var switched = await x.Client.SignedPostAsync(Dual, "dualSidePosition=true"))
        {
            Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
        }

        using (var mode = await x.Client.SignedGetAsync(Dual, string.Empty))
        {
            Assert.True((await PaperClient.JsonAsync(mode)).GetProperty("dualSidePosition").GetBoolean());
        }

        using (var noSide = await x.Client.SignedPostAsync("fapi/v1/order", "symbol=ETHUSDT&side=BUY&type=MARKET&quantity=0.1"))
        {
            Assert.Equal(-4061, await PaperClient.ErrorCodeAsync(noSide));
        }

        using (var both = await x.Client.SignedPostAsync("fapi/v1/order", "symbol=ETHUSDT&side=BUY&type=MARKET&quantity=0.1&positionSide=BOTH"))
        {
            Assert.Equal(-4061, await PaperClient.ErrorCodeAsync(both));
        }

        using (var reduceOnly = await x.Client.SignedPostAsync("fapi/v1/order", "symbol=ETHUSDT&side=SELL&type=MARKET&quantity=0.1&positionSide=LONG&reduceOnly=true"))
        {
            Assert.Equal(-1106, await PaperClient.ErrorCodeAsync(reduceOnly));
        }
    }

    [Fact]
    public async Task Hedge_mode_keeps_long_and_short_rows_and_a_position_blocks_switching_back()
    {
        await using var x = await ExchangeFixture.StartAsync();
        (await x.Client.SignedPostAsync(Dual, "dualSidePosition=true")).Dispose();
        using (var openLong = await x.Client.SignedPostAsync("fapi/v1/order", "symbol=ETHUSDT&side=BUY&type=MARKET&quantity=0.3&positionSide=LONG&newOrderRespType=RESULT"))
        {
            var order = await PaperClient.JsonAsync(openLong);
            Assert.Equal("FILLED", order.GetProperty("status").GetString());
            Assert.Equal("LONG", order.GetProperty("positionSide").GetString());
        }

        (await x.Client.SignedPostAsync("fapi/v1/order", "symbol=ETHUSDT&side=SELL&type=MARKET&quantity=0.2&positionSide=SHORT")).Dispose();
        (await x.Client.SignedPostAsync("fapi/v1/order", "symbol=ETHUSDT&side=SELL&type=MARKET&quantity=0.1&positionSide=LONG")).Dispose();

        using (var risk = await x.Client.SignedGetAsync("fapi/v2/positionRisk", "symbol=ETHUSDT"))
        {
            var rows = (await PaperClient.JsonAsync(risk)).EnumerateArray().ToList();
            Assert.Equal(["LONG", "SHORT"], rows.Select(r => r.GetProperty("positionSide").GetString()));
            Assert.Equal(0.2m, PaperClient.Dec(rows[0], "positionAmt"));
            Assert.Equal(-0.2m, PaperClient.Dec(rows[1], "positionAmt"));
        }

        using (var trades = await x.Client.SignedGetAsync("fapi/v1/userTrades", "symbol=ETHUSDT"))
        {
            var rows = (await PaperClient.JsonAsync(trades)).EnumerateArray().ToList();
            Assert.Equal(["LONG", "SHORT", "LONG"], rows.Select(r => r.GetProperty("positionSide").GetString()));
        }

        using var blocked = await x.Client.SignedPostAsync(Dual, "dualSidePosition=false");
        Assert.Equal(-4068, await PaperClient.ErrorCodeAsync(blocked));
    }

    [Fact]
    public async Task One_way_mode_refuses_long_or_short_and_lists_one_zero_row_per_symbol()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using (var wrongSide = await x.Client.SignedPostAsync("fapi/v1/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01&positionSide=LONG"))
        {
            Assert.Equal(-4061, await PaperClient.ErrorCodeAsync(wrongSide));
        }

        using var risk = await x.Client.SignedGetAsync("fapi/v2/positionRisk", string.Empty);
        var rows = (await PaperClient.JsonAsync(risk)).EnumerateArray().ToList();
        Assert.Equal(5, rows.Count);
        foreach (var row in rows)
        {
            Assert.Equal("BOTH", row.GetProperty("positionSide").GetString());
            Assert.Equal(0m, PaperClient.Dec(row, "positionAmt"));
            Assert.Equal(0m, PaperClient.Dec(row, "entryPrice"));
            Assert.True(PaperClient.Dec(row, "markPrice") > 0);
            Assert.Equal(JsonValueKind.String, row.GetProperty("unRealizedProfit").ValueKind);
            Assert.Equal("false", row.GetProperty("isAutoAddMargin").GetString());
            Assert.Equal("cross", row.GetProperty("marginType").GetString());
            Assert.Equal(0, row.GetProperty("updateTime").GetInt64());
        }
    }

    [Fact]
    public async Task Reduce_only_in_one_way_mode_must_shrink_the_position()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using (var flat = await x.Client.SignedPostAsync("fapi/v1/order", "symbol=SOLUSDT&side=SELL&type=MARKET&quantity=1&reduceOnly=true"))
        {
            Assert.Equal(-2022, await PaperClient.ErrorCodeAsync(flat));
        }

        (await x.Client.SignedPostAsync("fapi/v1/order", "symbol=SOLUSDT&side=BUY&type=MARKET&quantity=1")).Dispose();
        using (var increase = await x.Client.SignedPostAsync("fapi/v1/order", "symbol=SOLUSDT&side=BUY&type=MARKET&quantity=1&reduceOnly=true"))
        {
            Assert.Equal(-2022, await PaperClient.ErrorCodeAsync(increase));
        }

        using var close = await x.Client.SignedPostAsync("fapi/v1/order", "symbol=SOLUSDT&side=SELL&type=MARKET&quantity=1&reduceOnly=true&newOrderRespType=RESULT");
        var order = await PaperClient.JsonAsync(close);
        Assert.Equal("FILLED", order.GetProperty("status").GetString());
        Assert.True(order.GetProperty("reduceOnly").GetBoolean());
    }

    [Fact]
    public async Task Position_risk_v3_lists_only_symbols_with_a_position_and_their_margin()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using (var empty = await x.Client.SignedGetAsync("fapi/v3/positionRisk", string.Empty))
        {
            Assert.Equal(0, (await PaperClient.JsonAsync(empty)).GetArrayLength());
        }

        (await x.Client.SignedPostAsync("fapi/v1/order", "symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.01")).Dispose();
        using var risk = await x.Client.SignedGetAsync("fapi/v3/positionRisk", string.Empty);
        var row = Assert.Single((await PaperClient.JsonAsync(risk)).EnumerateArray());
        Assert.Equal("BTCUSDT", row.GetProperty("symbol").GetString());
        Assert.Equal(-0.01m, PaperClient.Dec(row, "positionAmt"));
        Assert.Equal("USDT", row.GetProperty("marginAsset").GetString());
        var notional = PaperClient.Dec(row, "notional");
        Assert.Equal(PaperClient.Dec(row, "markPrice") * -0.01m, notional);
        Assert.Equal(Math.Round(-notional / 20m, 8), PaperClient.Dec(row, "initialMargin"));
        Assert.False(row.TryGetProperty("leverage", out _));
    }
}
