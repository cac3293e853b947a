using System.Net;
using System.Text.Json;

namespace Tally.PaperExchange.Tests;

/// <summary>GET /fapi/v1/leverageBracket, POST /fapi/v1/leverage and POST /fapi/v1/marginType, answered as Binance does.</summary>
public sealed class LeverageApiTests
{
    [Fact]
    public async Task Leverage_brackets_are_signed_and_list_every_symbol_with_numeric_ascending_tiers()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using (var unsigned = await x.Client.GetAsync("fapi/v1/leverageBracket"))
        {
            Assert.False(unsigned.IsSuccessStatusCode);
        }

        using var response = await x.Client.SignedGetAsync("fapi/v1/leverageBracket", string.Empty);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = (await PaperClient.JsonAsync(response)).EnumerateArray().ToList();
        Assert.Equal(x.Host.Venue.Symbols.Select(s => s.Symbol), rows.Select(r => r.GetProperty("symbol").GetString()));
        var brackets = rows[0].GetProperty("brackets").EnumerateArray().ToList();
        Assert.Equal(1, brackets[0].GetProperty("bracket").GetInt32());
        Assert.Equal(125, brackets[0].GetProperty("initialLeverage").GetInt32());
        Assert.Equal(0m, brackets[0].GetProperty("notionalFloor").GetDecimal());
        Assert.Equal(0m, brackets[0].GetProperty("cum").GetDecimal());
        foreach (var name in new[] { "bracket", "initialLeverage", "notionalCap", "notionalFloor", "maintMarginRatio", "cum" })
        {
            Assert.All(brackets, b => Assert.Equal(JsonValueKind.Number, b.GetProperty(name).ValueKind));
        }

        for (var i = 1; i < brackets.Count; i++)
        {
            Assert.Equal(brackets[i - 1].GetProperty("notionalCap").GetDecimal(), brackets[i].GetProperty("notionalFloor").GetDecimal());
            Assert.True(brackets[i].GetProperty("initialLeverage").GetInt32() < brackets[i - 1].GetProperty("initialLeverage").GetInt32());

            // Continuity: at the boundary both tiers give the same maintenance margin.
            var floor = brackets[i].GetProperty("notionalFloor").GetDecimal();
            Assert.Equal(
                (floor * brackets[i - 1].GetProperty("maintMarginRatio").GetDecimal()) - brackets[i - 1].GetProperty("cum").GetDecimal(),
                (floor * brackets[i].GetProperty("maintMarginRatio").GetDecimal()) - brackets[i].GetProperty("cum").GetDecimal());
        }
    }

    [Fact]
    public async Task Leverage_brackets_for_one_symbol_are_a_one_element_array_and_an_unknown_symbol_is_minus_1121()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using (var one = await x.Client.SignedGetAsync("fapi/v1/leverageBracket", "symbol=ETHUSDT"))
        {
            var row = Assert.Single((await PaperClient.JsonAsync(one)).EnumerateArray());
            Assert.Equal("ETHUSDT", row.GetProperty("symbol").GetString());
        }

        using var unknown = await x.Client.SignedGetAsync("fapi/v1/leverageBracket", "symbol=NOPEUSDT");
        Assert.Equal(-1121, await PaperClient.ErrorCodeAsync(unknown));
    }

    [Fact]
    public async Task Setting_leverage_answers_its_max_notional_and_position_risk_reports_it()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using (var set = await x.Client.SignedPostAsync("fapi/v1/leverage", "symbol=ETHUSDT&leverage=10"))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
            var body = await PaperClient.JsonAsync(set);
            Assert.Equal(10, body.GetProperty("leverage").GetInt32());
            Assert.Equal("230000000", body.GetProperty("maxNotionalValue").GetString());
            Assert.Equal("ETHUSDT", body.GetProperty("symbol").GetString());
        }

        (await x.Client.SignedPostAsync("fapi/v1/order", "symbol=ETHUSDT&side=BUY&type=MARKET&quantity=1")).Dispose();
        using var risk = await x.Client.SignedGetAsync("fapi/v2/positionRisk", "symbol=ETHUSDT");
        var row = Assert.Single((await PaperClient.JsonAsync(risk)).EnumerateArray());
        Assert.Equal("10", row.GetProperty("leverage").GetString());
        Assert.Equal("230000000", row.GetProperty("maxNotionalValue").GetString());

        using var v3 = await x.Client.SignedGetAsync("fapi/v3/positionRisk", "symbol=ETHUSDT");
        var v3Row = Assert.Single((await PaperClient.JsonAsync(v3)).EnumerateArray());
        Assert.Equal(Math.Round(Math.Abs(PaperClient.Dec(v3Row, "notional")) / 10, 8), PaperClient.Dec(v3Row, "initialMargin"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("126")]
    public async Task Leverage_outside_1_to_125_is_minus_4028(string leverage)
    {
        await using var x = await ExchangeFixture.StartAsync();
        using var response = await x.Client.SignedPostAsync("fapi/v1/leverage", $"symbol=ETHUSDT&leverage={leverage}");
        Assert.Equal(-4028, await PaperClient.ErrorCodeAsync(response));
        Assert.Equal($"Leverage {leverage} is not valid", (await PaperClient.JsonAsync(response)).GetProperty("msg").GetString());
    }

    [Fact]
    public async Task Leverage_without_its_parameters_is_minus_1102()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using (var noLeverage = await x.Client.SignedPostAsync("fapi/v1/leverage", "symbol=ETHUSDT"))
        {
            Assert.Equal(-1102, await PaperClient.ErrorCodeAsync(noLeverage));
        }

        using var noSymbol = await x.Client.SignedPostAsync("fapi/v1/leverage", "leverage=5");
        Assert.Equal(-1102, await PaperClient.ErrorCodeAsync(noSymbol));
    }

    [Fact]
    public async Task Changing_the_margin_type_succeeds_once_then_is_minus_4046_with_binances_exact_message()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using (var changed = await x.Client.SignedPostAsync("fapi/v1/marginType", "symbol=ETHUSDT&marginType=ISOLATED"))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            Assert.Equal("{\"code\":200,\"msg\":\"success\"}", await changed.Content.ReadAsStringAsync());
        }

        using (var again = await x.Client.SignedPostAsync("fapi/v1/marginType", "symbol=ETHUSDT&marginType=ISOLATED"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
            Assert.Equal("{\"code\":-4046,\"msg\":\"No need to change margin type.\"}", await again.Content.ReadAsStringAsync());
        }

        using var risk = await x.Client.SignedGetAsync("fapi/v2/positionRisk", "symbol=ETHUSDT");
        Assert.Equal("isolated", Assert.Single((await PaperClient.JsonAsync(risk)).EnumerateArray()).GetProperty("marginType").GetString());

        using var crossedAlready = await x.Client.SignedPostAsync("fapi/v1/marginType", "symbol=BTCUSDT&marginType=CROSSED");
        Assert.Equal(-4046, await PaperClient.ErrorCodeAsync(crossedAlready));
    }

    [Fact]
    public async Task An_open_position_blocks_a_margin_type_change_with_minus_4048_and_a_bad_type_is_minus_1130()
    {
        await using var x = await ExchangeFixture.StartAsync();
        (await x.Client.SignedPostAsync("fapi/v1/order", "symbol=ETHUSDT&side=BUY&type=MARKET&quantity=1")).Dispose();

        using (var blocked = await x.Client.SignedPostAsync("fapi/v1/marginType", "symbol=ETHUSDT&marginType=ISOLATED"))
        {
            Assert.Equal(-4048, await PaperClient.ErrorCodeAsync(blocked));
        }

        using var bad = await x.Client.SignedPostAsync("fapi/v1/marginType", "symbol=ETHUSDT&marginType=PARTIAL");
        Assert.Equal(-1130, await PaperClient.ErrorCodeAsync(bad));
    }
}
