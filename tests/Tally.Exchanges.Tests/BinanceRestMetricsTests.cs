using System.Globalization;
using Tally.Engine.Tests.Metrics;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;

namespace Tally.Exchanges.Tests;

/// <summary>The REST weight gauges, fed by every answer's X-MBX-USED-WEIGHT-1M and by exchangeInfo's limit.</summary>
public sealed class BinanceRestMetricsTests
{
    [Fact]
    public async Task The_used_weight_gauge_is_the_exchanges_header_and_the_limit_comes_from_exchange_info()
    {
        await using var x = await FuturesClientFixture.StartAsync(o => o.RequestWeightPerMinute = 400);
        var metrics = new BinanceRestMetrics("binance-futures", "bot-a");
        using var measured = new Measurements(metrics.Meter);
        using var http = new HttpClient { BaseAddress = x.Host.BaseAddress };
        var client = new BinanceFuturesClient(http, x.Host.ApiKey, new BinanceSigner(x.Host.ApiSecret), x.Clock) { Metrics = metrics };

        await client.GetExchangeInfoLimitsAsync(CancellationToken.None);
        var afterInfo = measured.Last("tradeengine_rest_weight_used", "venue=binance-futures", "account=bot-a");
        await client.GetUserTradesAsync("ETHUSDT", 0, null, null, 10, CancellationToken.None);
        var afterTrades = measured.Last("tradeengine_rest_weight_used", "venue=binance-futures", "account=bot-a");

        Assert.Equal(400, measured.Last("tradeengine_rest_weight_limit", "venue=binance-futures", "account=bot-a"));
        Assert.True(afterInfo > 0);
        Assert.True(afterTrades > afterInfo, $"{afterTrades} after userTrades, {afterInfo} before");
        // One more call of weight 1 by hand: the exchange's count is the gauge's + 1.
        using var time = await http.GetAsync(new Uri("fapi/v1/time", UriKind.Relative));
        Assert.Equal(afterTrades + 1, double.Parse(time.Headers.GetValues("X-MBX-USED-WEIGHT-1M").Single(), CultureInfo.InvariantCulture));
    }
}
