using System.Text.Json;
using Tally.Core;
using Tally.Exchanges.Binance;
using Tally.Import;
using static Tally.Import.Tests.BinanceFixtureTests;

namespace Tally.Import.Tests;

/// <summary>
/// <c>tally import</c> of a saved trade list and <c>tally sync</c> of the same account read the same body into the
/// same fills, field for field, so importing a file and then syncing can never quarantine a real fill as a conflict.
/// </summary>
public sealed class BinanceImportSyncAgreementTests
{
    // The row shown for GET /api/v3/myTrades in binance-wire.md §6.1; the recorded spot body holds no rows.
    private const string SpotWireExample =
        """{"symbol":"SOLUSDT","id":70001234,"orderId":9100002222,"orderListId":-1,"price":"142.37000000","qty":"1.50000000","quoteQty":"213.55500000","commission":"0.00009120","commissionAsset":"BNB","time":1767225600456,"isBuyer":true,"isMaker":false,"isBestMatch":true}""";

    [Fact]
    public void A_recorded_userTrades_body_gives_the_same_fills_through_import_and_through_the_synchronizers_conversion()
    {
        var body = RawText("nautilus_fapi_rest_user_trades.json");

        var imported = Fills(Read(BinanceFuturesTradesJson.Read, body)).Select(f => f.Fill).ToList();
        var synced = BinanceUserTrade.ParseList(body).Select(t => t.ToFill(BinanceVenues.UsdMFutures, Fill.DefaultAccount)).ToList();

        Assert.NotEmpty(imported);
        Assert.Equal(synced, imported);
    }

    [Fact]
    public void Import_and_sync_name_the_same_venues()
    {
        Assert.Equal(BinanceVenues.UsdMFutures, BinanceFuturesTradesJson.DefaultVenue);
        Assert.Equal(BinanceVenues.Spot, BinanceSpotTradesJson.DefaultVenue);
        Assert.Equal(BinanceVenues.UsdMFutures, BinanceFuturesTradesCsv.DefaultVenue);
        Assert.Equal(BinanceVenues.Spot, BinanceSpotTradesCsv.DefaultVenue);
    }

    [Theory]
    [InlineData("roq_spot_wsapi_my_trades_empty.json")]
    public void A_recorded_myTrades_reply_gives_the_same_fills_through_import_and_through_the_synchronizers_conversion(string fixture)
    {
        var body = RawText(fixture);
        using var reply = JsonDocument.Parse(body);

        var imported = Fills(Read(BinanceSpotTradesJson.Read, body)).Select(f => f.Fill).ToList();
        var synced = BinanceSpotTrade.ParseList(reply.RootElement.GetProperty("result").GetRawText())
            .Select(t => t.ToFill(BinanceVenues.Spot, Fill.DefaultAccount)).ToList();

        Assert.Equal(synced, imported);
    }

    [Fact]
    public void A_myTrades_page_gives_the_same_fills_through_import_and_through_the_synchronizers_conversion()
    {
        var body = $"[{SpotWireExample},{SpotWireExample.Replace("70001234", "70001235", StringComparison.Ordinal).Replace("\"isBuyer\":true", "\"isBuyer\":false", StringComparison.Ordinal)}]";

        var imported = Fills(Read(BinanceSpotTradesJson.Read, body)).Select(f => f.Fill).ToList();
        var synced = BinanceSpotTrade.ParseList(body).Select(t => t.ToFill(BinanceVenues.Spot, Fill.DefaultAccount)).ToList();

        Assert.Equal(2, imported.Count);
        Assert.Equal(synced, imported);
    }
}
