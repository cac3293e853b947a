using System.Data.Common;
using System.Text;
using Tally.Core;

namespace Tally.Storage.Sql;

/// <summary>The funding table's columns and their mapping to <see cref="StoredFunding"/>, in one place.</summary>
internal static class FundingRows
{
    public const string Columns = "seq, venue, account, symbol, position_side, asset, amount, time_ms, funding_id, raw, ingested_ms";

    public static readonly string[] InsertColumns = ["venue", "account", "symbol", "position_side", "asset", "amount", "time_ms", "funding_id", "raw", "ingested_ms"];

    public static StoredFunding Read(DbDataReader r, SqlDialect dialect) => new(
        Seq: r.GetInt64(0),
        Payment: new FundingPayment(
            Venue: r.GetString(1),
            Account: r.GetString(2),
            Symbol: r.GetString(3),
            PositionSide: WireNames.TryParsePositionSide(r.GetString(4), out var side) ? side : throw new InvalidDataException($"funding.position_side holds \"{r.GetString(4)}\""),
            Asset: r.GetString(5),
            Amount: dialect.ReadDecimal(r, 6),
            Time: DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)),
            FundingId: r.GetString(8)),
        Raw: Db.String(r, 9),
        IngestedAt: DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(10)));

    public static object?[] Values(IncomingFunding row, DateTimeOffset ingestedAt, SqlDialect dialect)
    {
        var p = row.Payment;
        return
        [
            p.Venue, p.Account, p.Symbol, p.PositionSide.ToWireName(), p.Asset, dialect.Decimal(p.Amount), p.Time.ToUnixTimeMilliseconds(),
            p.FundingId, row.Raw, ingestedAt.ToUnixTimeMilliseconds(),
        ];
    }

    /// <summary>A SELECT for <paramref name="query"/> on <paramref name="command"/>, its parameters bound.</summary>
    public static void Bind(DbCommand command, FundingQuery query)
    {
        var sql = new StringBuilder($"SELECT {Columns} FROM funding WHERE 1 = 1");
        Filter("symbol", query.Symbol);
        Filter("venue", query.Venue);
        Filter("account", query.Account);
        Filter("position_side", query.PositionSide?.ToWireName());
        if (query.Until is { } until)
        {
            sql.Append(" AND time_ms <= @until");
            command.Add("@until", until.ToUnixTimeMilliseconds());
        }

        sql.Append(" ORDER BY seq");
        command.CommandText = sql.ToString();

        void Filter(string column, string? value)
        {
            if (value is not null)
            {
                sql.Append(System.Globalization.CultureInfo.InvariantCulture, $" AND {column} = @{column}");
                command.Add("@" + column, value);
            }
        }
    }
}
