using System.Text.Json;
using Tally.Api.Queries;
using Tally.Cli.Replay;
using Tally.Core;

namespace Tally.Cli.Output;

/// <summary>
/// The objects of the <c>--json</c> contract (documented in the README). Field names are shared by every
/// command that prints fills, positions, cycles or totals, so scripts can rely on one spelling.
/// </summary>
public static class JsonReport
{
    /// <summary>Writes one JSON document to the console's output: <paramref name="body"/> fills the root object.</summary>
    public static void Document(CliConsole console, Action<Utf8JsonWriter> body)
    {
        using var writer = new Utf8JsonWriter(console.Out, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        body(writer);
        writer.WriteEndObject();
        writer.Flush();
        console.Out.WriteByte((byte)'\n');
    }

    public static void WriteReplay(CliConsole console, ReplayResult result) => Document(console, json =>
    {
        json.WriteStartArray("fills");
        foreach (var fill in result.Fills)
        {
            WriteFill(json, fill, result.Ledger.Find(fill.Outcome.Key)!.Instrument.SettlementAsset);
        }

        json.WriteEndArray();
        WritePositions(json, result.Positions, result.MarkFor);

        json.WriteStartArray("cycles");
        foreach (var cycle in result.AllCycles)
        {
            WriteCycle(json, cycle);
        }

        json.WriteEndArray();
        WriteTotals(json, Totals.Of(result.Positions, result.MarkFor));
        if (result.Attribution is { } book)
        {
            AttributionJson.Write(json, book, result.MarkFor);
        }
    });

    /// <summary>The <c>positions</c> array (each marked when <paramref name="markFor"/> knows a price).</summary>
    public static void WritePositions(Utf8JsonWriter json, IEnumerable<Position> positions, Func<Position, decimal?> markFor) =>
        LedgerJson.WritePositions(json, positions.Select(p => new MarkedPosition(p, markFor(p))));

    public static void WriteFill(Utf8JsonWriter json, ReplayedFill replayed, string settlementAsset)
    {
        var fill = replayed.Input.Fill;
        var outcome = replayed.Outcome;
        json.WriteStartObject();
        json.WriteNumber("line", replayed.Input.Line);
        json.WriteString("trade_id", fill.TradeId);
        json.WriteString("key", outcome.Key.ToString());
        json.WriteString("action", outcome.Action.ToWireName());
        json.Decimal("realized_pnl", outcome.RealizedPnl);
        json.Decimal("fee", fill.Fee);
        json.WriteString("fee_asset", fill.FeeAsset ?? settlementAsset);
        json.Decimal("signed_qty", outcome.SignedQuantityAfter);
        json.Decimal("avg_entry_price", outcome.AverageEntryPriceAfter);
        json.StringOrNull("anomaly", outcome.Anomaly);
        json.WriteEndObject();
    }

    public static void WriteCycle(Utf8JsonWriter json, CycleSummary cycle) => LedgerJson.WriteCycle(json, cycle);

    public static void WriteTotals(Utf8JsonWriter json, IReadOnlyList<Totals> totals)
    {
        json.WriteStartObject("totals");
        foreach (var total in totals)
        {
            json.WriteStartObject(total.SettlementAsset);
            json.Decimal("realized_pnl", total.RealizedPnl);
            json.Decimal("fees", total.Fees);
            json.Decimal("net_pnl", total.NetPnl);
            json.Decimal("unrealized_pnl", total.UnrealizedPnl);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }
}
