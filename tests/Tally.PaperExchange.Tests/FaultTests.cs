using System.Net;

namespace Tally.PaperExchange.Tests;

public sealed class FaultTests
{
    private const string Order = "fapi/v1/order";

    [Theory]
    [InlineData("unknown", HttpStatusCode.ServiceUnavailable, -1000)]
    [InlineData("timeout", HttpStatusCode.RequestTimeout, -1007)]
    public async Task A_lost_reply_leaves_the_order_executed_and_findable_by_client_order_id(string kind, HttpStatusCode status, int code)
    {
        await using var x = await ExchangeFixture.StartAsync();
        await ScriptAsync(x, kind);
        using (var lost = await x.Client.SignedPostAsync(Order, "symbol=ETHUSDT&side=BUY&type=MARKET&quantity=0.1&newClientOrderId=retry-me"))
        {
            Assert.Equal(status, lost.StatusCode);
            Assert.Equal(code, await PaperClient.ErrorCodeAsync(lost));
        }

        using (var query = await x.Client.SignedGetAsync(Order, "symbol=ETHUSDT&origClientOrderId=retry-me"))
        {
            Assert.Equal("FILLED", (await PaperClient.JsonAsync(query)).GetProperty("status").GetString());
        }

        using var trades = await x.Client.SignedGetAsync("fapi/v1/userTrades", "symbol=ETHUSDT");
        Assert.Equal(1, (await PaperClient.JsonAsync(trades)).GetArrayLength());
    }

    [Fact]
    public async Task Service_unavailable_executes_nothing_and_the_next_request_goes_through()
    {
        await using var x = await ExchangeFixture.StartAsync();
        await ScriptAsync(x, "unavailable");
        using (var refused = await x.Client.SignedPostAsync(Order, "symbol=ETHUSDT&side=BUY&type=MARKET&quantity=0.1&newClientOrderId=a1"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        }

        using (var query = await x.Client.SignedGetAsync(Order, "symbol=ETHUSDT&origClientOrderId=a1"))
        {
            Assert.Equal(-2013, await PaperClient.ErrorCodeAsync(query));
        }

        using var retried = await x.Client.SignedPostAsync(Order, "symbol=ETHUSDT&side=BUY&type=MARKET&quantity=0.1&newClientOrderId=a1");
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
    }

    [Fact]
    public async Task Random_faults_follow_the_seed()
    {
        Assert.Equal(await RunAsync(), await RunAsync());

        static async Task<string> RunAsync()
        {
            await using var x = await ExchangeFixture.StartAsync(o => (o.UnavailableRate, o.LostReplyRate) = (0.3m, 0.3m));
            var statuses = new List<int>();
            for (var i = 0; i < 30; i++)
            {
                using var response = await x.Client.SignedPostAsync(Order, "symbol=XRPUSDT&side=BUY&type=MARKET&quantity=10");
                statuses.Add((int)response.StatusCode);
            }

            Assert.Contains(200, statuses);
            Assert.Contains(503, statuses);
            return string.Join(',', statuses);
        }
    }

    private static async Task ScriptAsync(ExchangeFixture x, string kind)
    {
        using var response = await x.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri($"admin/faults?kind={kind}&count=1", UriKind.Relative)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
