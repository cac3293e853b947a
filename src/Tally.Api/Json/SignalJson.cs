using System.Text.Json;
using Tally.Storage;

namespace Tally.Api.Json;

/// <summary>The <c>signals</c> array: each stored signal with its fields (DESIGN.md §4's names) and its decision.</summary>
public static class SignalJson
{
    public static void WriteSignals(Utf8JsonWriter json, IEnumerable<StoredSignal> signals)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(signals);
        json.WriteStartArray("signals");
        foreach (var stored in signals)
        {
            WriteSignal(json, stored);
        }

        json.WriteEndArray();
    }

    /// <summary>One stored signal with its decision (an element of <c>signals</c>, the live stream's <c>signal</c>).</summary>
    public static void WriteSignal(Utf8JsonWriter json, StoredSignal stored)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(stored);
        var s = stored.Signal;
        json.WriteStartObject();
        json.WriteString("signal_id", s.SignalId);
        json.WriteString("strategy_id", s.StrategyId);
        json.WriteString("venue", s.Venue);
        json.WriteString("account", s.Account);
        json.WriteString("symbol", s.Symbol);
        json.WriteString("action", s.Action.ToWireName());
        json.Decimal("confidence", s.Confidence);
        json.Decimal("quantity", s.Quantity);
        json.Decimal("size_fraction", s.SizeFraction);
        json.Decimal("price", s.Price);
        json.Decimal("take_profit", s.TakeProfit);
        json.Decimal("stop_loss", s.StopLoss);
        json.Decimal("take_profit_pct", s.TakeProfitPct);
        json.Decimal("stop_loss_pct", s.StopLossPct);
        json.StringOrNull("timeframe", s.Timeframe);
        json.Time("timestamp", s.Timestamp);
        json.WriteString("decision", stored.Decision.DecisionName);
        json.WriteString("reason", stored.Decision.Reason);
        json.StringOrNull("conflicts_with", stored.Decision.ConflictsWith);
        json.StringOrNull("entry_client_order_id", stored.EntryClientOrderId);
        json.Time("received_at", stored.ReceivedAt);
        json.WriteEndObject();
    }
}
