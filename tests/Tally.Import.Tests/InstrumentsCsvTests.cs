using Tally.Core;

namespace Tally.Import.Tests;

/// <summary>The --instruments file: symbol, kind, base, quote and an optional multiplier per row.</summary>
public sealed class InstrumentsCsvTests
{
    private static (IReadOnlyList<Instrument> Instruments, IReadOnlyList<string> Errors) Read(string csv)
    {
        var (instruments, errors) = InstrumentsCsv.Read(new StringReader(csv), "instruments.csv");
        return ([.. instruments.Select(d => d.Instrument)], [.. errors.Select(e => e.ToString())]);
    }

    [Fact]
    public void An_optional_venue_column_scopes_a_row_to_its_venue_and_blank_means_every_venue()
    {
        var (definitions, errors) = InstrumentsCsv.Read(
            new StringReader("symbol,kind,base,quote,venue\nBTCUSDT,spot,BTC,USDT,binance-spot\nBTCUSDT,linear,BTC,USDT,\n"),
            "instruments.csv");

        Assert.Empty(errors);
        Assert.Equal(
            [
                new InstrumentDefinition("binance-spot", Instrument.Create("BTCUSDT", InstrumentKind.Spot, "BTC", "USDT")),
                new InstrumentDefinition(null, Instrument.Create("BTCUSDT", InstrumentKind.Linear, "BTC", "USDT")),
            ],
            definitions);
    }

    [Fact]
    public void Each_kind_is_read_with_its_assets_and_multiplier()
    {
        var (instruments, errors) = Read(
            "symbol,kind,base,quote,multiplier\n" +
            "ETHUSDT,spot,ETH,USDT,\n" +
            "BTCUSDT,linear,BTC,USDT,1\n" +
            "BTCUSD,inverse,BTC,USD,100\n");

        Assert.Empty(errors);
        Assert.Equal(
            [
                Instrument.Create("ETHUSDT", InstrumentKind.Spot, "ETH", "USDT"),
                Instrument.Create("BTCUSDT", InstrumentKind.Linear, "BTC", "USDT"),
                Instrument.Create("BTCUSD", InstrumentKind.Inverse, "BTC", "USD", 100m),
            ],
            instruments);
    }

    [Fact]
    public void An_inverse_instrument_settles_in_its_base_asset_and_spot_and_linear_in_the_quote()
    {
        var (instruments, _) = Read("symbol,kind,base,quote,multiplier\nBTCUSD,inverse,BTC,USD,100\nETHUSDT,spot,ETH,USDT,1\nSOLUSDT,linear,SOL,USDT,1\n");

        Assert.Equal(["BTC", "USDT", "USDT"], instruments.Select(i => i.SettlementAsset));
    }

    [Fact]
    public void Columns_may_come_in_any_order_and_multiplier_may_be_left_out()
    {
        var (instruments, errors) = Read("quote,base,kind,symbol\nUSD,ETH,inverse,ETHUSD\n");

        Assert.Empty(errors);
        var instrument = Assert.Single(instruments);
        Assert.Equal(InstrumentKind.Inverse, instrument.Kind);
        Assert.Equal("ETH", instrument.BaseAsset);
        Assert.Equal("USD", instrument.QuoteAsset);
        Assert.Equal(1m, instrument.Multiplier);
    }

    [Theory]
    [InlineData("SPOT", InstrumentKind.Spot)]
    [InlineData("Linear", InstrumentKind.Linear)]
    [InlineData("INVERSE", InstrumentKind.Inverse)]
    public void Kind_is_read_in_any_case(string text, InstrumentKind expected)
    {
        var (instruments, _) = Read($"symbol,kind,base,quote\nX,{text},B,Q\n");

        Assert.Equal(expected, Assert.Single(instruments).Kind);
    }

    [Theory]
    [InlineData(",linear,BTC,USDT,1", "line 2, column symbol: \"\" is empty")]
    [InlineData("BTCUSD,future,BTC,USD,1", "line 2, column kind: \"future\" is not spot, linear or inverse")]
    [InlineData("BTCUSD,,BTC,USD,1", "line 2, column kind: \"\" is not spot, linear or inverse")]
    [InlineData("BTCUSD,inverse,,USD,1", "line 2, column base: \"\" is empty")]
    [InlineData("BTCUSD,inverse,BTC,,1", "line 2, column quote: \"\" is empty")]
    [InlineData("BTCUSD,inverse,BTC,USD,0", "line 2, column multiplier: \"0\" is not a positive number")]
    [InlineData("BTCUSD,inverse,BTC,USD,-100", "line 2, column multiplier: \"-100\" is not a positive number")]
    [InlineData("BTCUSD,inverse,BTC,USD,lots", "line 2, column multiplier: \"lots\" is not a positive number")]
    public void A_bad_row_is_refused_with_one_exact_line(string row, string expected)
    {
        var (instruments, errors) = Read($"symbol,kind,base,quote,multiplier\n{row}\n");

        Assert.Empty(instruments);
        Assert.Equal([expected], errors);
    }

    [Fact]
    public void Good_rows_are_kept_beside_the_bad_ones_and_blank_lines_keep_line_numbers()
    {
        var (instruments, errors) = Read("symbol,kind,base,quote,multiplier\nBTCUSD,inverse,BTC,USD,100\n\nETHUSD,perpetual,ETH,USD,10\nETHUSDT,spot,ETH,USDT,\n");

        Assert.Equal(["BTCUSD", "ETHUSDT"], instruments.Select(i => i.Symbol));
        Assert.Equal(["line 4, column kind: \"perpetual\" is not spot, linear or inverse"], errors);
    }

    [Fact]
    public void A_missing_required_column_is_refused_by_name()
    {
        var e = Assert.Throws<InputFileException>(() => Read("symbol,kind,quote,multiplier\nBTCUSD,inverse,USD,100\n"));

        Assert.Equal("instruments.csv: missing required column base (header has: symbol, kind, quote, multiplier)", e.Message);
    }

    [Fact]
    public void A_file_without_a_header_is_refused_as_empty()
    {
        var e = Assert.Throws<InputFileException>(() => Read("\n"));

        Assert.Equal("instruments.csv: the file is empty (a header line is required)", e.Message);
    }
}
