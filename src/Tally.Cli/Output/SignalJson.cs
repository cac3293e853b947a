using System.Text.Json;
using Tally.Storage;

namespace Tally.Cli.Output;

/// <summary>Stored signals for <c>--json</c>: field names as the <c>signals</c> table's columns, decimals as strings.</summary>
public static class SignalJson
{
    public static void WriteSignals(Utf8JsonWriter json, IEnumerable<StoredSignal> signals)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(signals);
        json.WriteStartArray("signals");
        foreach (var stored in signals)
        {
            var s = stored.Signal;
            json.WriteStartObject();
            json.WriteString("signal_id", s.SignalId);
            json.WriteString("venue", s.Venue);
            json.WriteString("account", s.Account);
            json.WriteString("strategy_id", s.StrategyId);
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
            json.Time("received_at", stored.ReceivedAt);
            json.StringOrNull("entry_client_order_id", stored.EntryClientOrderId);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
