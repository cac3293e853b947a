using System.Text.Json;
using Tally.Engine.Risk;
using Tally.Storage;

namespace Tally.Api.Json;

/// <summary>
/// The risk monitor's status and journal as <c>tally risk status --json</c>, <c>GET /api/risk</c>,
/// <c>GET /api/events</c> and the live stream print them: snake_case, decimals as strings, times ISO-8601 UTC.
/// </summary>
public static class RiskJson
{
    /// <summary>
    /// The status's fields into the current object: <c>at</c>, <c>gate</c>, <c>evaluation</c> (equity, basis,
    /// drawdown, the health score and its four parts; null before the first), <c>breaker</c> (day, start equity, peak,
    /// level fired today, halt, entries stopped, stops tightened) and <c>positions</c> (every open strategy position
    /// with its last price, best price and stop).
    /// </summary>
    public static void WriteStatus(Utf8JsonWriter json, RiskStatus status)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(status);
        json.Time("at", status.At);
        json.WriteString("gate", status.Gate);
        if (status.Evaluation is { } e)
        {
            json.WriteStartObject("evaluation");
            json.Time("at", e.At);
            json.Decimal("equity", e.Equity);
            json.Decimal("basis", e.Basis);
            json.Decimal("drawdown", e.Drawdown);
            json.Decimal("health", e.Health);
            json.Decimal("health_pnl", e.HealthPnl);
            json.Decimal("health_quality", e.HealthQuality);
            json.Decimal("health_concentration", e.HealthConcentration);
            json.Decimal("health_time", e.HealthTime);
            json.WriteNumber("open_positions", e.OpenPositions);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("evaluation");
        }

        var b = status.Breaker;
        json.WriteStartObject("breaker");
        json.WriteString("day", b.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        json.Decimal("day_start_equity", b.DayStartEquity);
        json.Decimal("peak_equity", b.PeakEquity);
        json.WriteString("fired_today", b.FiredToday);
        json.WriteBoolean("halted", b.Halted);
        json.Time("halted_at", b.HaltedAt);
        json.WriteBoolean("entries_stopped", b.EntriesStopped);
        json.WriteBoolean("tightened", b.Tightened);
        json.WriteEndObject();

        json.WriteStartArray("positions");
        foreach (var p in status.Positions)
        {
            json.WriteStartObject();
            json.WriteString("strategy_position_id", p.StrategyPositionId);
            json.WriteString("strategy_id", p.StrategyId);
            json.WriteString("venue", p.Venue);
            json.WriteString("account", p.Account);
            json.WriteString("symbol", p.Symbol);
            json.WriteString("side", p.Side);
            json.Decimal("open_quantity", p.OpenQuantity);
            json.Decimal("entry_price", p.EntryPrice);
            json.Decimal("last_price", p.LastPrice);
            json.Decimal("extreme", p.Extreme);
            json.Decimal("stop", p.Stop);
            json.Decimal("take_profit", p.TakeProfit);
            json.Decimal("stop_loss", p.StopLoss);
            json.StringOrNull("exit_requested", p.ExitRequested);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>The <c>events</c> array.</summary>
    public static void WriteEvents(Utf8JsonWriter json, IEnumerable<StoredRiskEvent> events)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(events);
        json.WriteStartArray("events");
        foreach (var e in events)
        {
            WriteEvent(json, e);
        }

        json.WriteEndArray();
    }

    /// <summary>One journalled risk event (a row of <c>risk_events</c>).</summary>
    public static void WriteEvent(Utf8JsonWriter json, StoredRiskEvent e)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(e);
        json.WriteStartObject();
        json.WriteNumber("id", e.Id);
        json.Time("ts", e.At);
        json.WriteString("type", e.Type);
        json.StringOrNull("venue", e.Venue);
        json.StringOrNull("account", e.Account);
        json.StringOrNull("strategy_position_id", e.StrategyPositionId);
        json.StringOrNull("key", e.Key);
        json.Decimal("price", e.Price);
        json.StringOrNull("reason", e.Reason);
        json.WriteString("detail", e.Detail);
        json.WriteEndObject();
    }
}
