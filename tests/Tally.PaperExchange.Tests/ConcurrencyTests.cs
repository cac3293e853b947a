using System.Net;

namespace Tally.PaperExchange.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Parallel_clients_get_gap_free_trade_ids_and_a_consistent_position()
    {
        await using var x = await ExchangeFixture.StartAsync();
        var tasks = Enumerable.Range(0, 4).Select(async worker =>
        {
            for (var i = 0; i < 25; i++)
            {
                var side = (worker + i) % 2 == 0 ? "BUY" : "SELL";
                using var response = await x.Client.SignedPostAsync("fapi/v1/order", $"symbol=ETHUSDT&side={side}&type=MARKET&quantity=0.0{worker + 1}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        });
        await Task.WhenAll(tasks);

        using var trades = await x.Client.SignedGetAsync("fapi/v1/userTrades", "symbol=ETHUSDT&limit=1000");
        var rows = (await PaperClient.JsonAsync(trades)).EnumerateArray().ToList();
        Assert.Equal(100, rows.Count);
        var ids = rows.Select(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(0, 100).Select(k => ids[0] + k), ids);
        var net = rows.Sum(r => (r.GetProperty("side").GetString() == "BUY" ? 1 : -1) * PaperClient.Dec(r, "qty"));

        using var risk = await x.Client.SignedGetAsync("fapi/v2/positionRisk", "symbol=ETHUSDT");
        Assert.Equal(net, PaperClient.Dec(Assert.Single((await PaperClient.JsonAsync(risk)).EnumerateArray()), "positionAmt"));
    }
}
