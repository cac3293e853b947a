using System.Data.Common;
using Tally.Storage.Sql;

namespace Tally.Storage.Postgres;

/// <summary>PostgreSQL keeps decimals as NUMERIC, which is exact.</summary>
public sealed class PostgresDialect : SqlDialect
{
    public static PostgresDialect Instance { get; } = new();

    public override string Name => "postgres";

    public override bool BatchesStatements => true;

    public override object Decimal(decimal value) => value;

    public override decimal ReadDecimal(DbDataReader reader, int ordinal) => reader.GetDecimal(ordinal);
}
