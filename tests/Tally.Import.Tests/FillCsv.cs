using Tally.Core;

namespace Tally.Import.Tests;

/// <summary>Reads replay CSV text the way <c>tally replay</c> does, so each test states only its rows.</summary>
internal static class FillCsv
{
    public const string Source = "fills.csv";

    public static List<RowResult> Read(string csv, PositionMode? mode = null, InstrumentCatalog? instruments = null) =>
        [.. TallyCsvFormat.Read(new StringReader(csv), Source, new FillReadOptions(instruments ?? new InstrumentCatalog(), mode))];

    /// <summary>The fills of the good rows; fails the test when any row was refused.</summary>
    public static List<ParsedFill> Fills(string csv, PositionMode? mode = null, InstrumentCatalog? instruments = null)
    {
        var rows = Read(csv, mode, instruments);
        Assert.Empty(rows.Where(r => r.Error is not null).Select(r => r.Error!.ToString()));
        return [.. rows.Select(r => r.Fill!)];
    }

    public static ParsedFill Single(string csv, PositionMode? mode = null, InstrumentCatalog? instruments = null) =>
        Assert.Single(Fills(csv, mode, instruments));

    /// <summary>The one-line messages of the refused rows, in file order.</summary>
    public static List<string> Errors(string csv, PositionMode? mode = null, InstrumentCatalog? instruments = null) =>
        [.. Read(csv, mode, instruments).Where(r => r.Error is not null).Select(r => r.Error!.ToString())];

    public static InstrumentCatalog Catalog(params Instrument[] instruments)
    {
        var catalog = new InstrumentCatalog();
        foreach (var instrument in instruments)
        {
            catalog.Add(instrument);
        }

        return catalog;
    }
}
