using System.Text.Json;
using Tally.Core;
using Tally.Import;

namespace Tally.Import.Tests;

/// <summary>
/// Access to the recorded Binance payloads in <c>../shared/reference/binance-fixtures</c> (see
/// <see cref="SharedFolder"/>; the tests that read them are <see cref="FixtureFactAttribute"/>s), plus the small
/// helpers the Binance reader tests share.
/// </summary>
public sealed class BinanceFixtureTests
{
    [FixtureFact]
    public void Fixture_folder_is_found_beside_the_repository_root()
    {
        Assert.True(File.Exists(Path.Combine(FixtureFolder, "README.md")), $"no README.md in {FixtureFolder}");
    }

    [FixtureFact]
    public void Fixture_raw_text_is_the_payload_as_recorded()
    {
        Assert.StartsWith("[\n    {\n        \"symbol\": \"ETHUSDT\"", RawText("nautilus_fapi_rest_user_trades.json"), StringComparison.Ordinal);
    }

    internal static string FixtureFolder { get; } = SharedFolder.PathOf(SharedFolder.BinanceFixtures);

    /// <summary>The <c>raw_text</c> of a fixture: the payload byte for byte as Binance sent it.</summary>
    internal static string RawText(string fixture) => Fixture(fixture).GetProperty("raw_text").GetString()!;

    internal static JsonElement Fixture(string fixture)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureFolder, fixture)));
        return document.RootElement.Clone();
    }

    internal static FillReadOptions Options(PositionMode? mode = null, string? venue = null, string? account = null, Instrument? instrument = null)
    {
        var catalog = new InstrumentCatalog();
        if (instrument is not null)
        {
            catalog.Add(instrument);
        }

        return new FillReadOptions(catalog, mode, venue, account);
    }

    internal static List<RowResult> Read(Func<TextReader, string, FillReadOptions, IEnumerable<RowResult>> reader, string text, FillReadOptions? options = null, string source = "test.json")
    {
        using var input = new StringReader(text);
        return [.. reader(input, source, options ?? Options())];
    }

    internal static List<ParsedFill> Fills(IEnumerable<RowResult> rows)
    {
        var list = rows.ToList();
        Assert.All(list, row => Assert.True(row.Error is null, $"unexpected row error: {row.Error}"));
        return [.. list.Select(row => row.Fill!)];
    }

    internal static RowError SingleError(IEnumerable<RowResult> rows) => Assert.Single(rows, row => row.Error is not null).Error!;
}
