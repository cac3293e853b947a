using System.Diagnostics;
using Tally.Storage;
using Tally.Storage.Sql;

namespace Tally.Bench;

/// <summary>
/// The ceiling a durable fill log can reach on a store: the same rows, written by the same mechanism
/// (prepared INSERTs on SQLite, binary COPY on PostgreSQL) in the same transactions, into a table with no
/// index, no constraint and no logic. Benchmarks report Tally's ingest rate as a ratio of this.
/// </summary>
public static class RawInsertBaseline
{
    private const string Table = "bench_raw_trades";

    /// <summary>Commits <paramref name="batches"/> one transaction each; returns each commit's latency.</summary>
    public static async Task<IReadOnlyList<TimeSpan>> RunAsync(IFillStore store, IReadOnlyList<IReadOnlyList<NewFillRow>> batches, CancellationToken cancellationToken)
    {
        if (store is not SqlFillStore sql)
        {
            throw new ArgumentException($"{store.Description} is not an SQL store", nameof(store));
        }

        var connection = await sql.AcquireAsync(cancellationToken);
        try
        {
            await using (var create = Db.Command(connection, null, $"DROP TABLE IF EXISTS {Table}; CREATE TABLE {Table} AS SELECT * FROM trades WHERE 1 = 0"))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            var latencies = new List<TimeSpan>(batches.Count);
            foreach (var batch in batches)
            {
                var started = Stopwatch.GetTimestamp();
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await sql.InsertTradesAsync(connection, transaction, batch, Table, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                latencies.Add(Stopwatch.GetElapsedTime(started));
            }

            await using (var drop = Db.Command(connection, null, $"DROP TABLE {Table}"))
            {
                await drop.ExecuteNonQueryAsync(cancellationToken);
            }

            return latencies;
        }
        finally
        {
            await sql.ReleaseAsync(connection);
        }
    }
}
