using System.Text.Json;
using Tally.Core;
using Tally.Core.Attribution;

namespace Tally.Api.Json;

/// <summary>
/// The attribution part of <c>--json</c>: <c>strategy_positions</c>, <c>contributions</c>,
/// <c>exchange_positions</c> and <c>strategies</c>, field names as DESIGN.md §3's columns, decimals as strings.
/// </summary>
/// <remarks>
/// One writer per section, shared by <c>tally replay --json</c> (all four sections of one fold) and the HTTP API
/// (one section per query endpoint, the same object shape): a field renamed here is renamed everywhere.
/// </remarks>
public static class AttributionJson
{
    /// <summary>The four sections of <c>tally replay --json</c>, from one fold.</summary>
    public static void Write(Utf8JsonWriter json, AttributionBook book, Func<string, decimal?> markFor)
    {
        ArgumentNullException.ThrowIfNull(book);
        var positions = book.StrategyPositions();
        WriteStrategyPositions(json, positions, markFor);
        WriteContributions(json, book.Contributions());
        WriteExchangePositions(json, book.ExchangePositions());
        WriteStrategies(json, StrategySummary.Of(positions));
    }

    /// <summary>The <c>strategy_positions</c> array; <c>unrealized_pnl</c> where <paramref name="markFor"/> knows the symbol's mark.</summary>
    public static void WriteStrategyPositions(Utf8JsonWriter json, IEnumerable<StrategyPosition> positions, Func<string, decimal?> markFor)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(markFor);
        json.WriteStartArray("strategy_positions");
        foreach (var p in positions)
        {
            WriteStrategyPosition(json, p, markFor(p.Symbol));
        }

        json.WriteEndArray();
    }

    /// <summary>
    /// One strategy position object (DESIGN.md §3's columns): the one spelling of a strategy position in every output
    /// (<c>strategy_positions</c>, <c>tally risk replay</c>'s <c>positions</c>, the API's live stream).
    /// <c>unrealized_pnl</c> at <paramref name="mark"/> when given; <paramref name="more"/> adds fields before the object closes.
    /// </summary>
    public static void WriteStrategyPosition(Utf8JsonWriter json, StrategyPosition p, decimal? mark, Action<Utf8JsonWriter>? more = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(p);
        json.WriteStartObject();
        json.WriteString("strategy_position_id", p.StrategyPositionId);
        json.WriteString("strategy_id", p.StrategyId);
        json.WriteString("venue", p.Venue);
        json.WriteString("account", p.Account);
        json.WriteString("symbol", p.Symbol);
        json.WriteString("position_side", p.PositionSide.ToWireName());
        json.WriteString("side", p.Side.ToWireName());
        json.Decimal("entry_quantity", p.EntryQuantity);
        json.Decimal("entry_price", p.EntryPrice);
        json.Time("entry_time", p.EntryTime);
        json.Decimal("take_profit_price", p.TakeProfitPrice);
        json.Decimal("stop_loss_price", p.StopLossPrice);
        json.WriteString("status", p.Status.ToWireName());
        json.Decimal("open_quantity", p.OpenQuantity);
        json.Decimal("exit_price", p.ExitPrice);
        json.Time("exit_time", p.ExitTime);
        json.StringOrNull("close_reason", p.CloseReason?.ToWireName());
        json.Decimal("realized_pnl", p.RealizedPnl);
        json.Decimal("fees", p.Fees);
        json.Decimal("net_pnl", p.NetPnl);
        json.Decimal("realized_pnl_pct", p.RealizedPnlPct);
        json.Amounts("funding", p.Funding);
        json.Decimal("unrealized_pnl", mark is { } m ? p.UnrealizedPnl(m) : null);
        json.WriteString("exchange_position_key", p.ExchangePositionKey);
        more?.Invoke(json);
        json.WriteEndObject();
    }

    /// <summary>The <c>contributions</c> array (rows of <c>position_contributions</c>).</summary>
    public static void WriteContributions(Utf8JsonWriter json, IEnumerable<Contribution> contributions)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(contributions);
        json.WriteStartArray("contributions");
        foreach (var c in contributions)
        {
            json.WriteStartObject();
            json.WriteString("contribution_id", c.ContributionId);
            json.WriteString("strategy_position_id", c.StrategyPositionId);
            json.WriteString("exchange_position_key", c.ExchangePositionKey);
            json.WriteString("strategy_id", c.StrategyId);
            json.WriteString("venue", c.Venue);
            json.WriteString("account", c.Account);
            json.WriteString("symbol", c.Symbol);
            json.WriteString("position_side", c.PositionSide.ToWireName());
            json.Decimal("contribution_quantity", c.ContributionQuantity);
            json.Decimal("contribution_entry_price", c.ContributionEntryPrice);
            json.Time("contribution_time", c.ContributionTime);
            json.WriteNumber("position_sequence", c.PositionSequence);
            json.Decimal("contribution_pnl", c.ContributionPnl);
            json.Decimal("contribution_pnl_pct", c.ContributionPnlPct);
            json.StringOrNull("close_reason", c.CloseReason?.ToWireName());
            json.WriteString("status", c.Status);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>The <c>exchange_positions</c> array.</summary>
    public static void WriteExchangePositions(Utf8JsonWriter json, IEnumerable<ExchangePosition> exchangePositions)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(exchangePositions);
        json.WriteStartArray("exchange_positions");
        foreach (var e in exchangePositions)
        {
            json.WriteStartObject();
            json.WriteString("venue", e.Venue);
            json.WriteString("account", e.Account);
            json.WriteString("exchange_position_key", e.ExchangePositionKey);
            json.WriteString("symbol", e.Symbol);
            json.WriteString("side", e.Side.ToWireName());
            json.Decimal("current_quantity", e.CurrentQuantity);
            json.Decimal("weighted_avg_price", e.WeightedAvgPrice);
            json.WriteStartArray("contributing_strategies");
            foreach (var strategy in e.ContributingStrategies)
            {
                json.WriteStringValue(strategy);
            }

            json.WriteEndArray();
            json.WriteNumber("total_contributions", e.TotalContributions);
            json.WriteString("status", e.Status);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>The <c>strategies</c> array: one summary per strategy.</summary>
    public static void WriteStrategies(Utf8JsonWriter json, IEnumerable<StrategySummary> strategies)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(strategies);
        json.WriteStartArray("strategies");
        foreach (var s in strategies)
        {
            json.WriteStartObject();
            json.WriteString("strategy_id", s.StrategyId);
            json.WriteNumber("positions", s.Positions);
            json.WriteNumber("closed", s.Closed);
            json.WriteNumber("tp_hits", s.TakeProfitHits);
            json.WriteNumber("sl_hits", s.StopLossHits);
            json.WriteNumber("wins", s.Wins);
            json.Decimal("win_rate", s.WinRate);
            json.Decimal("realized_pnl", s.RealizedPnl);
            json.Decimal("fees", s.Fees);
            json.Decimal("net_pnl", s.NetPnl);
            json.Decimal("avg_pnl_pct", s.AveragePnlPct);
            json.Decimal("profit_factor", s.ProfitFactor);
            json.Decimal("expectancy", s.Expectancy);
            json.Decimal("max_drawdown", s.Ratios.MaxDrawdown);
            json.Decimal("sharpe", s.Ratios.Sharpe);
            json.Decimal("sortino", s.Ratios.Sortino);
            json.Decimal("calmar", s.Ratios.Calmar);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
