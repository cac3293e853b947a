namespace Tally.Engine.Tests;

public sealed class FaultSoakTests
{
    [Fact]
    public async Task Two_thousand_orders_under_random_503s_and_lost_replies_are_each_placed_once_and_synced_exactly()
    {
        // 5 % of signed requests refused with 503 before running, 5 % of orders executed with the answer lost.
        await using var x = await SyncFixture.StartAsync(o =>
        {
            o.UnavailableRate = 0.05m;
            o.LostReplyRate = 0.05m;
        });

        await x.PlaceRandomOrdersAsync(2000, seed: 30, hedge: false);
        var exchangeTrades = 0;
        foreach (var symbol in SyncFixture.Symbols)
        {
            exchangeTrades += (await x.ExchangeTradesAsync(symbol)).Count;
        }

        Assert.Equal(2000, exchangeTrades);
        Assert.True(x.Handler.Count("fapi/v1/order?") > 0, "some answers should have been lost and looked up");

        var report = await x.Synchronizer(pageLimit: 200).BackfillAsync(CancellationToken.None);

        Assert.Equal(2000, report.Stored);
        Assert.Equal(2000L, await x.Log!.CountFillsAsync(CancellationToken.None));
        await x.AssertAgreesWithExchangeAsync();
    }
}
