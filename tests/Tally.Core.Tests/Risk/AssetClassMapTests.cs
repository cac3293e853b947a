using Tally.Core.Risk;

namespace Tally.Core.Tests.Risk;

public class AssetClassMapTests
{
    private readonly AssetClassMap _map = new(new RiskSettings());

    [Theory]
    [InlineData("BTCUSDT", AssetClass.Major)]
    [InlineData("ETHUSDC", AssetClass.Major)]
    [InlineData("SOLUSDT", AssetClass.Regular)]
    [InlineData("DOGEUSDT", AssetClass.Meme)]
    [InlineData("1000PEPEUSDT", AssetClass.Meme)]
    [InlineData("1000SHIBUSDT", AssetClass.Meme)]
    [InlineData("WIFUSDT", AssetClass.Meme)]
    [InlineData("EURUSDT", AssetClass.Forex)]
    [InlineData("1INCHUSDT", AssetClass.Regular)]
    public void Symbols_are_classed_by_their_base_asset(string symbol, AssetClass expected) =>
        Assert.Equal(expected, _map.Classify(symbol));

    [Fact]
    public void Distances_are_majors_0_3_regular_0_5_meme_17_5_percent()
    {
        Assert.Equal(0.003m, _map.TrailingDistance("BTCUSDT"));
        Assert.Equal(0.005m, _map.TrailingDistance("SOLUSDT"));
        Assert.Equal(0.175m, _map.TrailingDistance("BONKUSDT"));
        Assert.Equal(0.005m, _map.TrailingDistance("GBPUSDT"));
    }

    [Fact]
    public void Symbol_classes_and_meme_list_are_configurable()
    {
        var map = new AssetClassMap(new RiskSettings
        {
            SymbolClasses = new Dictionary<string, AssetClass> { ["SOLUSDT"] = AssetClass.Meme },
            MemeAssets = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "XYZ" },
        });

        Assert.Equal(AssetClass.Meme, map.Classify("SOLUSDT"));
        Assert.Equal(AssetClass.Meme, map.Classify("XYZUSDT"));
        Assert.Equal(AssetClass.Regular, map.Classify("DOGEUSDT"));
    }

    [Fact]
    public void Default_settings_are_valid() => Assert.Empty(new RiskSettings().Validate());

    [Fact]
    public void Settings_with_decreasing_breaker_levels_are_refused() =>
        Assert.NotEmpty(new RiskSettings { BreakerCloseAll = 0.02m }.Validate());
}
