using System.Data.Common;
using Tally.Core;

namespace Tally.Storage.Sql;

/// <summary>The trades table's columns and their mapping to <see cref="StoredFill"/>, in one place.</summary>
internal static class TradeRows
{
    public const string Columns =
        "seq, venue, account, symbol, trade_id, order_id, client_order_id, side, position_side, amount, price, fee, fee_asset, fee_price, ts_ms, strategy, p1_delta, p2_delta, action, realized_pnl, processed, raw, ingested_ms";

    /// <summary>Columns written on insert (seq is assigned by the database in insert order).</summary>
    public static readonly string[] InsertColumns =
    [
        "venue", "account", "symbol", "trade_id", "order_id", "client_order_id", "side", "position_side", "amount", "price", "cost", "fee",
        "fee_asset", "fee_price", "ts_ms", "strategy", "p1_delta", "p2_delta", "action", "realized_pnl", "processed", "raw", "ingested_ms",
    ];

    public static StoredFill Read(DbDataReader r, SqlDialect dialect)
    {
        var fill = new Fill(
            Venue: r.GetString(1),
            Account: r.GetString(2),
            Symbol: r.GetString(3),
            Side: WireNames.TryParseSide(r.GetString(7), out var side) ? side : throw Corrupt("side", r.GetString(7)),
            PositionSide: WireNames.TryParsePositionSide(r.GetString(8), out var ps) ? ps : throw Corrupt("position_side", r.GetString(8)),
            Quantity: dialect.ReadDecimal(r, 9),
            Price: dialect.ReadDecimal(r, 10),
            Fee: dialect.ReadDecimal(r, 11),
            FeeAsset: Db.String(r, 12),
            TradeId: r.GetString(4),
            Timestamp: Db.Time(r, 14),
            OrderId: Db.String(r, 5),
            ClientOrderId: Db.String(r, 6),
            Strategy: Db.String(r, 15),
            FeeConversionPrice: dialect.ReadNullableDecimal(r, 13));
        PositionAction? action = r.IsDBNull(18)
            ? null
            : WireNames.TryParseAction(r.GetString(18), out var a) ? a : throw Corrupt("action", r.GetString(18));
        return new StoredFill(
            Seq: r.GetInt64(0),
            Fill: fill,
            Action: action,
            RealizedPnl: dialect.ReadNullableDecimal(r, 19),
            P1Delta: dialect.ReadDecimal(r, 16),
            P2Delta: dialect.ReadDecimal(r, 17),
            Processed: r.GetInt64(20) != 0,
            Raw: Db.String(r, 21),
            IngestedAt: DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(22)));
    }

    /// <summary>The values of <see cref="InsertColumns"/> for one row, in that order.</summary>
    public static object?[] Values(NewFillRow row, SqlDialect dialect)
    {
        var f = row.Fill;
        return
        [
            f.Venue, f.Account, f.Symbol, f.TradeId, f.OrderId, f.ClientOrderId, f.Side.ToWireName(), f.PositionSide.ToWireName(),
            dialect.Decimal(f.Quantity), dialect.Decimal(f.Price), dialect.Decimal(Math.Abs(row.P2Delta)), dialect.Decimal(f.Fee),
            f.FeeAsset, dialect.Decimal(f.FeeConversionPrice), Db.Ms(f.Timestamp), f.Strategy,
            dialect.Decimal(row.P1Delta), dialect.Decimal(row.P2Delta), row.Action.ToWireName(), dialect.Decimal(row.RealizedPnl),
            1L, row.Raw, row.IngestedAt.ToUnixTimeMilliseconds(),
        ];
    }

    private static InvalidDataException Corrupt(string column, string value) =>
        new($"trades.{column} holds \"{value}\", which this tally does not know");
}
