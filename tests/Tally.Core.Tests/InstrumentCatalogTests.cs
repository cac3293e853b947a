namespace Tally.Core.Tests;

public class InstrumentCatalogTests
{
    [Theory]
    [InlineData("ETHBUSD", "ETH", "BUSD")]   // BUSD, not USD
    [InlineData("BTCFDUSD", "BTC", "FDUSD")] // FDUSD, not USD
    [InlineData("ETHBTC", "ETH", "BTC")]
    [InlineData("BTCUSDT", "BTC", "USDT")]
    [InlineData("SOLUSDC", "SOL", "USDC")]
    [InlineData("BTCUSD", "BTC", "USD")]
    [InlineData("LINKETH", "LINK", "ETH")]
    [InlineData("BTCEUR", "BTC", "EUR")]
    [InlineData("1000PEPEUSDT", "1000PEPE", "USDT")]
    public void Unknown_symbol_is_inferred_as_linear_split_at_its_quote_suffix(string symbol, string baseAsset, string quoteAsset)
    {
        var catalog = new InstrumentCatalog();

        var instrument = catalog.Resolve(symbol);

        Assert.Equal(symbol, instrument.Symbol);
        Assert.Equal(baseAsset, instrument.BaseAsset);
        Assert.Equal(quoteAsset, instrument.QuoteAsset);
        Assert.Equal(InstrumentKind.Linear, instrument.Kind);
        Assert.Equal(1m, instrument.Multiplier);
        Assert.Equal(quoteAsset, instrument.SettlementAsset);
    }

    [Fact]
    public void Quote_suffixes_are_tried_longest_first()
    {
        var lengths = InstrumentCatalog.QuoteSuffixes.Select(s => s.Length).ToArray();

        Assert.Equal(lengths.OrderByDescending(length => length), lengths);
        Assert.Equal(
            ["BTC", "BUSD", "ETH", "EUR", "FDUSD", "USD", "USDC", "USDT"],
            InstrumentCatalog.QuoteSuffixes.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("USDT")] // a suffix alone has no base
    [InlineData("")]
    [InlineData("btcusdt")] // symbols are upper case as venues send them
    public void Symbol_without_a_known_quote_suffix_is_not_resolved(string symbol)
    {
        var catalog = new InstrumentCatalog();

        Assert.False(catalog.TryResolve(symbol, out _));
        Assert.Throws<ArgumentException>(() => catalog.Resolve(symbol));
    }

    [Fact]
    public void Registered_instrument_wins_over_inference()
    {
        var catalog = new InstrumentCatalog();
        catalog.Add(Instrument.Create("BTCUSD", InstrumentKind.Inverse, "BTC", "USD", 100m));

        var instrument = catalog.Resolve("BTCUSD");

        Assert.Equal(InstrumentKind.Inverse, instrument.Kind);
        Assert.Equal(100m, instrument.Multiplier);
        Assert.Equal("BTC", instrument.SettlementAsset);
    }

    [Fact]
    public void A_venues_own_definition_wins_and_other_venues_get_the_definition_for_every_venue_or_the_inferred_one()
    {
        var catalog = new InstrumentCatalog();
        catalog.Add("binance-spot", Instrument.Create("BTCUSDT", InstrumentKind.Spot, "BTC", "USDT"));

        Assert.Equal(InstrumentKind.Spot, catalog.Resolve("binance-spot", "BTCUSDT").Kind);
        Assert.Equal(InstrumentKind.Linear, catalog.Resolve("binance-futures", "BTCUSDT").Kind);

        catalog.Add(Instrument.Create("ETHUSD", InstrumentKind.Inverse, "ETH", "USD", 10m));
        Assert.Equal(InstrumentKind.Inverse, catalog.Resolve("binance-futures", "ETHUSD").Kind);
        Assert.False(catalog.HasOwn("binance-futures", "ETHUSD"));
        Assert.True(catalog.HasOwn("binance-futures", "BTCUSDT"));   // inferred, remembered as that venue's own
    }

    [Fact]
    public void A_copy_keeps_each_venues_definitions()
    {
        var catalog = new InstrumentCatalog();
        catalog.Add("binance-spot", Instrument.Create("BTCUSDT", InstrumentKind.Spot, "BTC", "USDT"));
        catalog.Add(Instrument.Create("BTCUSDT", InstrumentKind.Linear, "BTC", "USDT"));

        var copy = catalog.Copy();

        Assert.Equal(catalog.Definitions.OrderBy(d => d.Venue, StringComparer.Ordinal), copy.Definitions.OrderBy(d => d.Venue, StringComparer.Ordinal));
        Assert.Equal(InstrumentKind.Spot, copy.Resolve("binance-spot", "BTCUSDT").Kind);
    }

    [Fact]
    public void Inferred_instruments_are_remembered()
    {
        var catalog = new InstrumentCatalog();

        var first = catalog.Resolve("ETHUSDT");

        Assert.Same(first, catalog.Resolve("ETHUSDT"));
        Assert.Contains(first, catalog.Registered);
    }

    [Theory]
    [InlineData(InstrumentKind.Spot, "USDT")]
    [InlineData(InstrumentKind.Linear, "USDT")]
    [InlineData(InstrumentKind.Inverse, "BTC")]
    public void Settlement_asset_is_quote_except_for_inverse(InstrumentKind kind, string settlement)
    {
        var instrument = Instrument.Create("BTCUSDT", kind, "BTC", "USDT");

        Assert.Equal(settlement, instrument.SettlementAsset);
    }

    [Fact]
    public void Multiplier_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Instrument.Create("BTCUSD", InstrumentKind.Inverse, "BTC", "USD", 0m));
        Assert.Throws<ArgumentOutOfRangeException>(() => Instrument.Create("BTCUSD", InstrumentKind.Inverse, "BTC", "USD", -100m));
    }

    [Theory]
    [InlineData(" ", "BTC", "USDT")]
    [InlineData("BTCUSDT", "", "USDT")]
    [InlineData("BTCUSDT", "BTC", " ")]
    public void Symbol_and_assets_must_not_be_blank(string symbol, string baseAsset, string quoteAsset)
    {
        Assert.Throws<ArgumentException>(() => Instrument.Create(symbol, InstrumentKind.Spot, baseAsset, quoteAsset));
    }

    [Fact]
    public void Ledger_rejects_a_fill_on_a_symbol_it_cannot_resolve()
    {
        var ledger = Instruments.Ledger();

        Assert.Throws<ArgumentException>(() => ledger.Apply(Buy("XYZ", 1m, 1m)));
        Assert.Empty(ledger.Positions);
    }
}
