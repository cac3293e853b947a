using System.Text.Json;
using Tally.Api.Queries;
using Tally.Core;
using Tally.Storage;
using Tally.Storage.Live;

namespace Tally.Api.Json;

/// <summary>
/// The ledger's objects in every <c>--json</c> and API answer: positions (marked when a price is known), stored
/// fills, cycles and what a new fill did to its position; decimals as strings, times ISO-8601 UTC.
/// </summary>
public static class LedgerJson
{
    /// <summary>The <c>positions</c> array, each at its mark (the engine's last price), when it has one.</summary>
    public static void WritePositions(Utf8JsonWriter json, IEnumerable<MarkedPosition> positions)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(positions);
        json.WriteStartArray("positions");
        foreach (var marked in positions)
        {
            WritePosition(json, marked.Position, marked.Mark);
        }

        json.WriteEndArray();
    }

    /// <summary>One position: <c>mark_price</c>, <c>unrealized_pnl</c> and <c>notional</c> null without a mark.</summary>
    public static void WritePosition(Utf8JsonWriter json, Position position, decimal? mark)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(position);
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

    /// <summary>One stored fill (<c>tally trades --json</c>, <c>GET /api/fills</c>).</summary>
    public static void WriteTrade(Utf8JsonWriter json, StoredFill stored)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(stored);
        json.WriteStartObject();
        json.WriteNumber("seq", stored.Seq);
        WriteFillFields(json, stored.Fill);
        json.StringOrNull("action", stored.Action?.ToWireName());
        json.Decimal("realized_pnl", stored.RealizedPnl);
        json.Decimal("p1_delta", stored.P1Delta);
        json.Decimal("p2_delta", stored.P2Delta);
        json.Time("ingested_at", stored.IngestedAt);
        json.WriteEndObject();
    }

    /// <summary>
    /// A new fill and what it did to its position (the live stream's <c>fill</c>): the fill's fields as in
    /// <see cref="WriteTrade"/>, then <c>action</c>, <c>realized_pnl</c>, <c>signed_qty</c> and <c>avg_entry_price</c>
    /// after it, and <c>closed_cycle</c> (the cycle it ended, with its PnL) or null.
    /// </summary>
    public static void WriteEffect(Utf8JsonWriter json, PositionEffect effect)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(effect);
        json.WriteStartObject();
        WriteFillFields(json, effect.Fill);
        json.WriteString("key", effect.Fill.Key.ToString());
        json.WriteString("action", effect.Action.ToWireName());
        json.Decimal("realized_pnl", effect.RealizedPnl);
        json.Decimal("signed_qty", effect.SignedQuantityAfter);
        json.Decimal("avg_entry_price", effect.AverageEntryPriceAfter);
        if (effect.ClosedCycle is { } cycle)
        {
            json.WritePropertyName("closed_cycle");
            WriteCycle(json, cycle);
        }
        else
        {
            json.WriteNull("closed_cycle");
        }

        json.WriteEndObject();
    }

    /// <summary>The <c>cycles</c> array.</summary>
    public static void WriteCycles(Utf8JsonWriter json, IEnumerable<CycleSummary> cycles)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(cycles);
        json.WriteStartArray("cycles");
        foreach (var cycle in cycles)
        {
            WriteCycle(json, cycle);
        }

        json.WriteEndArray();
    }

    /// <summary>One cycle: a flat-to-flat run of a position.</summary>
    public static void WriteCycle(Utf8JsonWriter json, CycleSummary cycle)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(cycle);
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

    private static void WriteFillFields(Utf8JsonWriter json, Fill f)
    {
        json.WriteString("venue", f.Venue);
        json.WriteString("account", f.Account);
        json.WriteString("symbol", f.Symbol);
        json.WriteString("trade_id", f.TradeId);
        json.StringOrNull("order_id", f.OrderId);
        json.StringOrNull("client_order_id", f.ClientOrderId);
        json.WriteString("side", f.Side.ToWireName());
        json.WriteString("position_side", f.PositionSide.ToWireName());
        json.Decimal("qty", f.Quantity);
        json.Decimal("price", f.Price);
        json.Decimal("fee", f.Fee);
        json.StringOrNull("fee_asset", f.FeeAsset);
        json.Time("ts", f.Timestamp);
        json.StringOrNull("strategy", f.Strategy);
    }
}
