using System.Text.Json;
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
    public static void WritePositions(Utf8JsonWriter json, IEnumerable<Position> positions, Func<Position, decimal?> markFor)
    {
        json.WriteStartArray("positions");
        foreach (var position in positions)
        {
            WritePosition(json, position, markFor(position));
        }

        json.WriteEndArray();
    }

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

    public static void WritePosition(Utf8JsonWriter json, Position position, decimal? mark)
    {
        var key = position.Key;
        var cash = position.CashFlow;
        json.WriteStartObject();
        json.WriteString("venue", key.Venue);
        json.WriteString("account", key.Account);
        json.WriteString("symbol", key.Symbol);
        json.WriteString("position_side", key.PositionSide.ToWireName());
        json.WriteString("kind", position.Instrument.Kind.ToWireName());
        json.WriteString("settlement_asset", position.Instrument.SettlementAsset);
        json.WriteString("side", position.Direction.ToWireName());
        json.Decimal("qty", position.Quantity);
        json.Decimal("signed_qty", position.SignedQuantity);
        json.Decimal("avg_entry_price", position.AverageEntryPrice);
        json.Decimal("realized_pnl", position.RealizedPnl);
        json.Amounts("fees", position.Fees);
        json.Decimal("net_pnl", position.NetPnl);
        json.Decimal("mark_price", mark);
        json.Decimal("unrealized_pnl", mark is { } m ? position.UnrealizedPnl(m) : null);
        json.Decimal("notional", mark is { } n ? position.Notional(n) : null);
        json.Amounts("funding", position.Funding);
        json.WriteNumber("cycles", position.CycleCount);
        json.Time("opened_at", position.OpenedAt);
        json.Time("last_update", position.LastUpdate);
        json.Decimal("p1", cash.P1);
        json.Decimal("p2", cash.P2);
        json.Decimal("p1_fee", cash.P1Fee);
        json.Decimal("p2_fee", cash.P2Fee);
        json.Decimal("break_even_price", cash.BreakEvenPrice);
        json.WriteEndObject();
    }

    public static void WriteCycle(Utf8JsonWriter json, CycleSummary cycle)
    {
        json.WriteStartObject();
        json.WriteString("key", cycle.Key.ToString());
        json.WriteNumber("number", cycle.Number);
        json.WriteString("side", cycle.Side.ToWireName());
        json.WriteBoolean("closed", cycle.IsClosed);
        json.Time("opened_at", cycle.OpenedAt);
        json.Time("closed_at", cycle.ClosedAt);
        json.Decimal("avg_entry_price", cycle.AverageEntryPrice);
        json.Decimal("avg_exit_price", cycle.AverageExitPrice);
        json.Decimal("peak_qty", cycle.PeakQuantity);
        json.Decimal("realized_pnl", cycle.RealizedPnl);
        json.Amounts("fees", cycle.Fees);
        json.Decimal("net_pnl", cycle.NetPnl);
        json.Decimal("realized_return", cycle.RealizedReturn);
        json.WriteEndObject();
    }

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
