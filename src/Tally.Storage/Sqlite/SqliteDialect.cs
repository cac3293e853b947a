using System.Data.Common;
using Tally.Core;
using Tally.Storage.Sql;

namespace Tally.Storage.Sqlite;

/// <summary>SQLite keeps decimals as TEXT: its REAL type is a double and would round money.</summary>
public sealed class SqliteDialect : SqlDialect
{
    public static SqliteDialect Instance { get; } = new();

    public override string Name => "sqlite";

    public override object Decimal(decimal value) => DecimalText.Format(value);

    public override decimal ReadDecimal(DbDataReader reader, int ordinal) =>
        DecimalText.TryParse(reader.GetString(ordinal), out var value)
            ? value
            : throw new InvalidDataException($"column {reader.GetName(ordinal)} holds \"{reader.GetString(ordinal)}\", which is not a decimal");
}
