using System.Data.Common;
using System.Text;
using System.Text.Json;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Core.Signals;

namespace Tally.Storage.Sql;

/// <summary>
/// The columns of <c>signals</c>, <c>order_intents</c>, <c>strategy_positions</c>, <c>position_contributions</c> and
/// <c>exchange_positions</c> (migration 5) and their mapping to the contract types, in one place.
/// </summary>
internal static class AttributionRows
{
    public static readonly string[] SignalColumns =
    [
        "venue", "account", "signal_id", "strategy_id", "symbol", "action", "confidence", "quantity", "size_fraction", "price", "take_profit",
        "stop_loss", "take_profit_pct", "stop_loss_pct", "timeframe", "timestamp", "decision", "reason", "conflicts_with", "received_at", "entry_client_order_id",
    ];

    public static readonly string[] IntentColumns =
    [
        "venue", "account", "client_order_id", "symbol", "strategy_id", "purpose", "order_ref", "strategy_position_id", "close_reason", "take_profit",
        "stop_loss", "take_profit_pct", "stop_loss_pct", "kind", "side", "position_side", "quantity", "price", "reduce_only", "signal_id", "created_at",
        "status", "venue_order_id", "detail", "updated_at",
    ];

    public static readonly string[] StrategyPositionColumns =
    [
        "venue", "account", "symbol", "strategy_position_id", "strategy_id", "position_side", "side", "entry_quantity", "entry_price", "entry_time",
        "take_profit_price", "stop_loss_price", "status", "open_quantity", "exit_price", "exit_time", "close_reason", "realized_pnl", "fees", "net_pnl",
        "realized_pnl_pct", "exchange_position_key", "cycle", "position_sequence", "open_cost", "fees_json", "funding_json",
    ];

    public static readonly string[] ContributionColumns =
    [
        "contribution_id", "strategy_position_id", "exchange_position_key", "strategy_id", "venue", "account", "symbol", "position_side",
        "contribution_quantity", "contribution_entry_price", "contribution_time", "position_sequence", "contribution_pnl", "contribution_pnl_pct",
        "close_reason", "status", "cycle",
    ];

    public static readonly string[] ExchangePositionColumns =
    [
        "venue", "account", "exchange_position_key", "symbol", "side", "current_quantity", "weighted_avg_price", "contributing_strategies",
        "total_contributions", "status",
    ];

    public static object?[] Values(StoredSignal stored, SqlDialect d)
    {
        var s = stored.Signal;
        return
        [
            s.Venue, s.Account, s.SignalId, s.StrategyId, s.Symbol, s.Action.ToWireName(), d.Decimal(s.Confidence), d.Decimal(s.Quantity),
            d.Decimal(s.SizeFraction), d.Decimal(s.Price), d.Decimal(s.TakeProfit), d.Decimal(s.StopLoss), d.Decimal(s.TakeProfitPct),
            d.Decimal(s.StopLossPct), s.Timeframe, s.Timestamp.ToUnixTimeMilliseconds(), stored.Decision.DecisionName, stored.Decision.Reason,
            stored.Decision.ConflictsWith, stored.ReceivedAt.ToUnixTimeMilliseconds(), stored.EntryClientOrderId,
        ];
    }

    public static StoredSignal ReadSignal(DbDataReader r, SqlDialect d)
    {
        var signal = new Signal(
            SignalId: r.GetString(2),
            StrategyId: r.GetString(3),
            Symbol: r.GetString(4),
            Action: IntentWireNames.TryParseAction(r.GetString(5), out var action) ? action : throw Bad(r, 5),
            Confidence: d.ReadDecimal(r, 6),
            Timestamp: DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(15)),
            Quantity: d.ReadNullableDecimal(r, 7),
            SizeFraction: d.ReadNullableDecimal(r, 8),
            Price: d.ReadNullableDecimal(r, 9),
            TakeProfit: d.ReadNullableDecimal(r, 10),
            StopLoss: d.ReadNullableDecimal(r, 11),
            TakeProfitPct: d.ReadNullableDecimal(r, 12),
            StopLossPct: d.ReadNullableDecimal(r, 13),
            Timeframe: Db.String(r, 14),
            Venue: r.GetString(0),
            Account: r.GetString(1));
        var decision = new SignalDecision(
            r.GetString(16) switch
            {
                "accepted" => true,
                "rejected" => false,
                _ => throw Bad(r, 16),
            },
            r.GetString(17),
            Db.String(r, 18));
        return new StoredSignal(signal, decision, DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(19)), Db.String(r, 20));
    }

    public static object?[] Values(OrderIntent i, SqlDialect d)
    {
        var (purpose, orderRef, positionId, reason, tp, sl, tpPct, slPct) = i.Purpose switch
        {
            OrderPurpose.Entry e => ("entry", e.OrderRef, (string?)null, (CloseReason?)null, e.TakeProfit, e.StopLoss, e.TakeProfitPct, e.StopLossPct),
            OrderPurpose.ExitPosition e => ("exit_position", null, e.StrategyPositionId, e.Reason, null, null, null, null),
            OrderPurpose.ExitStrategy e => ("exit_strategy", null, null, e.Reason, e.TakeProfit, e.StopLoss, null, null),
            OrderPurpose.Unplaced e => ("unplaced", null, null, e.Reason, null, null, null, null),
            _ => throw new ArgumentOutOfRangeException(nameof(i), i.Purpose, "unknown order purpose"),
        };
        return
        [
            i.Venue, i.Account, i.ClientOrderId, i.Symbol, i.StrategyId, purpose, orderRef, positionId, reason?.ToWireName(), d.Decimal(tp),
            d.Decimal(sl), d.Decimal(tpPct), d.Decimal(slPct), i.Kind.ToWireName(), i.Side.ToWireName(), i.PositionSide.ToWireName(),
            d.Decimal(i.Quantity), d.Decimal(i.Price), i.ReduceOnly ? 1L : 0L, i.SignalId, i.CreatedAt.ToUnixTimeMilliseconds(),
            i.Status.ToWireName(), i.VenueOrderId, i.Detail, Db.Ms(i.UpdatedAt),
        ];
    }

    public static OrderIntent ReadIntent(DbDataReader r, SqlDialect d)
    {
        var strategy = r.GetString(4);
        CloseReason Reason() => AttributionWireNames.TryParseCloseReason(r.GetString(8), out var reason) ? reason : throw Bad(r, 8);
        OrderPurpose purpose = r.GetString(5) switch
        {
            "entry" => new OrderPurpose.Entry(strategy, r.GetString(6), d.ReadNullableDecimal(r, 9), d.ReadNullableDecimal(r, 10), d.ReadNullableDecimal(r, 11), d.ReadNullableDecimal(r, 12)),
            "exit_position" => new OrderPurpose.ExitPosition(r.GetString(7), Reason()),
            "exit_strategy" => new OrderPurpose.ExitStrategy(strategy, Reason(), d.ReadNullableDecimal(r, 9), d.ReadNullableDecimal(r, 10)),
            "unplaced" => new OrderPurpose.Unplaced(Reason()),
            _ => throw Bad(r, 5),
        };
        return new OrderIntent(
            r.GetString(0),
            r.GetString(1),
            r.GetString(2),
            r.GetString(3),
            strategy,
            purpose,
            IntentWireNames.TryParseKind(r.GetString(13), out var kind) ? kind : throw Bad(r, 13),
            WireNames.TryParseSide(r.GetString(14), out var side) ? side : throw Bad(r, 14),
            WireNames.TryParsePositionSide(r.GetString(15), out var positionSide) ? positionSide : throw Bad(r, 15),
            d.ReadDecimal(r, 16),
            d.ReadNullableDecimal(r, 17),
            r.GetInt64(18) != 0,
            Db.String(r, 19),
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(20)),
            IntentWireNames.TryParseStatus(r.GetString(21), out var status) ? status : throw Bad(r, 21),
            Db.String(r, 22),
            Db.String(r, 23),
            Db.Time(r, 24));
    }

    public static object?[] Values(StrategyPosition p, SqlDialect d) =>
    [
        p.Venue, p.Account, p.Symbol, p.StrategyPositionId, p.StrategyId, p.PositionSide.ToWireName(), p.Side.ToWireName(),
        d.Decimal(p.EntryQuantity), d.Decimal(p.EntryPrice), Db.Ms(p.EntryTime), d.Decimal(p.TakeProfitPrice), d.Decimal(p.StopLossPrice),
        p.Status.ToWireName(), d.Decimal(p.OpenQuantity), d.Decimal(p.ExitPrice), Db.Ms(p.ExitTime), p.CloseReason?.ToWireName(),
        d.Decimal(p.RealizedPnl), d.Decimal(p.Fees), d.Decimal(p.NetPnl), d.Decimal(p.RealizedPnlPct), p.ExchangePositionKey, (long)p.Cycle,
        (long)p.Sequence, d.Decimal(p.OpenCost), StateJson.Write(p.FeesByAsset), StateJson.Write(p.Funding),
    ];

    public static StrategyPosition ReadStrategyPosition(DbDataReader r, SqlDialect d, InstrumentCatalog catalog) => new(
        StrategyPositionId: r.GetString(3),
        StrategyId: r.GetString(4),
        Venue: r.GetString(0),
        Account: r.GetString(1),
        Symbol: r.GetString(2),
        PositionSide: WireNames.TryParsePositionSide(r.GetString(5), out var positionSide) ? positionSide : throw Bad(r, 5),
        Side: Direction(r, 6),
        EntryQuantity: d.ReadDecimal(r, 7),
        EntryPrice: d.ReadDecimal(r, 8),
        EntryTime: Db.Time(r, 9),
        TakeProfitPrice: d.ReadNullableDecimal(r, 10),
        StopLossPrice: d.ReadNullableDecimal(r, 11),
        Status: r.GetString(12) switch
        {
            "open" => StrategyPositionStatus.Open,
            "partial" => StrategyPositionStatus.Partial,
            "closed" => StrategyPositionStatus.Closed,
            _ => throw Bad(r, 12),
        },
        OpenQuantity: d.ReadDecimal(r, 13),
        ExitPrice: d.ReadNullableDecimal(r, 14),
        ExitTime: Db.Time(r, 15),
        CloseReason: ReadReason(r, 16),
        RealizedPnl: d.ReadDecimal(r, 17),
        Fees: d.ReadDecimal(r, 18),
        FeesByAsset: StateJson.ReadAmounts(r.GetString(25)),
        Funding: StateJson.ReadAmounts(r.GetString(26)),
        RealizedPnlPct: d.ReadNullableDecimal(r, 20),
        ExchangePositionKey: r.GetString(21),
        Cycle: (int)r.GetInt64(22),
        Sequence: (int)r.GetInt64(23),
        Instrument: catalog.Resolve(r.GetString(0), r.GetString(2)),
        OpenCost: d.ReadDecimal(r, 24));

    public static object?[] Values(Contribution c, int cycle, SqlDialect d) =>
    [
        c.ContributionId, c.StrategyPositionId, c.ExchangePositionKey, c.StrategyId, c.Venue, c.Account, c.Symbol, c.PositionSide.ToWireName(),
        d.Decimal(c.ContributionQuantity), d.Decimal(c.ContributionEntryPrice), Db.Ms(c.ContributionTime), (long)c.PositionSequence,
        d.Decimal(c.ContributionPnl), d.Decimal(c.ContributionPnlPct), c.CloseReason?.ToWireName(), c.Status, (long)cycle,
    ];

    public static Contribution ReadContribution(DbDataReader r, SqlDialect d) => new(
        ContributionId: r.GetString(0),
        StrategyPositionId: r.GetString(1),
        ExchangePositionKey: r.GetString(2),
        StrategyId: r.GetString(3),
        Venue: r.GetString(4),
        Account: r.GetString(5),
        Symbol: r.GetString(6),
        PositionSide: Direction(r, 7),
        ContributionQuantity: d.ReadDecimal(r, 8),
        ContributionEntryPrice: d.ReadDecimal(r, 9),
        ContributionTime: Db.Time(r, 10),
        PositionSequence: (int)r.GetInt64(11),
        ContributionPnl: d.ReadDecimal(r, 12),
        ContributionPnlPct: d.ReadNullableDecimal(r, 13),
        CloseReason: ReadReason(r, 14),
        Status: r.GetString(15));

    public static object?[] Values(ExchangePosition e, SqlDialect d) =>
    [
        e.Venue, e.Account, e.ExchangePositionKey, e.Symbol, e.Side.ToWireName(), d.Decimal(e.CurrentQuantity), d.Decimal(e.WeightedAvgPrice),
        StrategiesJson(e.ContributingStrategies), (long)e.TotalContributions, e.Status,
    ];

    public static ExchangePosition ReadExchangePosition(DbDataReader r, SqlDialect d) => new(
        Venue: r.GetString(0),
        Account: r.GetString(1),
        ExchangePositionKey: r.GetString(2),
        Symbol: r.GetString(3),
        Side: Direction(r, 4),
        CurrentQuantity: d.ReadDecimal(r, 5),
        WeightedAvgPrice: d.ReadNullableDecimal(r, 6),
        ContributingStrategies: ReadStrategies(r.GetString(7)),
        TotalContributions: (int)r.GetInt64(8),
        IsOpen: r.GetString(9) switch
        {
            "open" => true,
            "closed" => false,
            _ => throw Bad(r, 9),
        });

    /// <summary>The JSON list of strategy ids stored in <c>contributing_strategies</c>: <c>["A","B"]</c>.</summary>
    public static string StrategiesJson(IReadOnlyList<string> strategies)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var strategy in strategies)
            {
                writer.WriteStringValue(strategy);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static List<string> ReadStrategies(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(e => e.GetString() ?? "")];
    }

    private static PositionDirection Direction(DbDataReader r, int ordinal) => r.GetString(ordinal) switch
    {
        "LONG" => PositionDirection.Long,
        "SHORT" => PositionDirection.Short,
        _ => throw Bad(r, ordinal),
    };

    private static CloseReason? ReadReason(DbDataReader r, int ordinal) =>
        r.IsDBNull(ordinal) ? null : AttributionWireNames.TryParseCloseReason(r.GetString(ordinal), out var reason) ? reason : throw Bad(r, ordinal);

    private static InvalidDataException Bad(DbDataReader r, int ordinal) =>
        new($"column {r.GetName(ordinal)} holds \"{r.GetValue(ordinal)}\"");
}
