using System.Data.Common;

namespace Tally.Storage.Sql;

/// <summary>
/// What differs between the SQL adapters: how a decimal is bound and read (SQLite keeps TEXT because its
/// REAL is a double; PostgreSQL keeps NUMERIC), and the migration folder.
/// </summary>
public abstract class SqlDialect
{
    public abstract string Name { get; }

    /// <summary>True when many statements should travel as one batch (each statement is a network round trip).</summary>
    public virtual bool BatchesStatements => false;

    public abstract object Decimal(decimal value);

    public abstract decimal ReadDecimal(DbDataReader reader, int ordinal);

    public object Decimal(decimal? value) => value is { } v ? Decimal(v) : DBNull.Value;

    public decimal? ReadNullableDecimal(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ReadDecimal(reader, ordinal);
}
