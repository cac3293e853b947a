using System.Data.Common;
using System.Globalization;
using System.Text;
using Tally.Core;
using Tally.Core.Attribution;

namespace Tally.Storage.Sql;

/// <summary>Reads of the signal, intent and attribution tables (migration 5).</summary>
public abstract partial class SqlFillStore
{
    public Task<IReadOnlyList<OrderIntent>> ReadIntentsAsync(IntentQuery query, CancellationToken cancellationToken) => ReadIntentsAsync(null, query, cancellationToken);

    public Task<IReadOnlyList<StoredSignal>> ReadSignalsAsync(SignalQuery query, CancellationToken cancellationToken) => ReadSignalsAsync(null, query, cancellationToken);

    public Task<IReadOnlyList<StrategyPosition>> ReadStrategyPositionsAsync(StrategyPositionQuery query, CancellationToken cancellationToken) =>
        ReadStrategyPositionsAsync(null, query, cancellationToken);

    public Task<IReadOnlyList<Contribution>> ReadContributionsAsync(string? exchangePositionKey, CancellationToken cancellationToken) =>
        ReadContributionsAsync(null, exchangePositionKey, cancellationToken);

    public Task<IReadOnlyList<ExchangePosition>> ReadExchangePositionsAsync(CancellationToken cancellationToken) => ReadExchangePositionsAsync(null, cancellationToken);

    internal Task<IReadOnlyList<OrderIntent>> ReadIntentsAsync(Pinned? pinned, IntentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return QueryAsync(
            pinned,
            command =>
            {
                var sql = new StringBuilder($"SELECT {string.Join(", ", AttributionRows.IntentColumns)} FROM order_intents WHERE 1 = 1");
                Filter(command, sql, "venue", query.Venue);
                Filter(command, sql, "account", query.Account);
                Filter(command, sql, "client_order_id", query.ClientOrderId);
                if (query.ClientOrderIds is { } ids)
                {
                    var names = ids.Distinct(StringComparer.Ordinal).Select((id, i) => (Name: "@id" + i.ToString(CultureInfo.InvariantCulture), Value: id)).ToList();
                    sql.Append(names.Count == 0 ? " AND 1 = 0" : $" AND client_order_id IN ({string.Join(", ", names.Select(n => n.Name))})");
                    foreach (var (name, value) in names)
                    {
                        command.Add(name, value);
                    }
                }

                if (query.Statuses is { } statuses)
                {
                    var names = statuses.Distinct().Select((s, i) => (Name: "@status" + i.ToString(CultureInfo.InvariantCulture), Value: s.ToWireName())).ToList();
                    sql.Append(names.Count == 0 ? " AND 1 = 0" : $" AND status IN ({string.Join(", ", names.Select(n => n.Name))})");
                    foreach (var (name, value) in names)
                    {
                        command.Add(name, value);
                    }
                }

                sql.Append(" ORDER BY id");
                command.CommandText = sql.ToString();
            },
            r => AttributionRows.ReadIntent(r, Dialect),
            cancellationToken);
    }

    internal Task<IReadOnlyList<StoredSignal>> ReadSignalsAsync(Pinned? pinned, SignalQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return QueryAsync(
            pinned,
            command =>
            {
                var sql = new StringBuilder($"SELECT {string.Join(", ", AttributionRows.SignalColumns)} FROM signals WHERE 1 = 1");
                Filter(command, sql, "venue", query.Venue);
                Filter(command, sql, "account", query.Account);
                Filter(command, sql, "symbol", query.Symbol);
                Filter(command, sql, "signal_id", query.SignalId);
                if (query.Since is { } since)
                {
                    sql.Append(" AND timestamp >= @since");
                    command.Add("@since", since.ToUnixTimeMilliseconds());
                }

                sql.Append(" ORDER BY id");
                command.CommandText = sql.ToString();
            },
            r => AttributionRows.ReadSignal(r, Dialect),
            cancellationToken);
    }

    internal async Task<IReadOnlyList<StrategyPosition>> ReadStrategyPositionsAsync(Pinned? pinned, StrategyPositionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var catalog = new InstrumentCatalog();
        foreach (var definition in await ReadInstrumentsAsync(pinned, cancellationToken))
        {
            catalog.Add(definition);
        }

        return await QueryAsync(
            pinned,
            command =>
            {
                var sql = new StringBuilder($"SELECT {string.Join(", ", AttributionRows.StrategyPositionColumns)} FROM strategy_positions WHERE 1 = 1");
                Filter(command, sql, "strategy_id", query.StrategyId);
                Filter(command, sql, "venue", query.Venue);
                Filter(command, sql, "account", query.Account);
                Filter(command, sql, "symbol", query.Symbol);
                sql.Append(query.Filter switch
                {
                    StrategyPositionFilter.All => "",
                    StrategyPositionFilter.Open => " AND status <> 'closed'",
                    StrategyPositionFilter.Closed => " AND status = 'closed'",
                });
                sql.Append(" ORDER BY entry_time, venue, account, symbol, position_side, cycle, position_sequence, strategy_position_id");
                command.CommandText = sql.ToString();
            },
            r => AttributionRows.ReadStrategyPosition(r, Dialect, catalog),
            cancellationToken);
    }

    internal Task<IReadOnlyList<Contribution>> ReadContributionsAsync(Pinned? pinned, string? exchangePositionKey, CancellationToken cancellationToken) =>
        QueryAsync(
            pinned,
            command =>
            {
                var sql = new StringBuilder($"SELECT {string.Join(", ", AttributionRows.ContributionColumns)} FROM position_contributions WHERE 1 = 1");
                Filter(command, sql, "exchange_position_key", exchangePositionKey);
                sql.Append(" ORDER BY venue, account, exchange_position_key, cycle, position_sequence");
                command.CommandText = sql.ToString();
            },
            r => AttributionRows.ReadContribution(r, Dialect),
            cancellationToken);

    internal Task<IReadOnlyList<ExchangePosition>> ReadExchangePositionsAsync(Pinned? pinned, CancellationToken cancellationToken) =>
        QueryAsync(
            pinned,
            command => command.CommandText = $"SELECT {string.Join(", ", AttributionRows.ExchangePositionColumns)} FROM exchange_positions ORDER BY venue, account, exchange_position_key",
            r => AttributionRows.ReadExchangePosition(r, Dialect),
            cancellationToken);

    private static void Filter(DbCommand command, StringBuilder sql, string column, string? value)
    {
        if (value is not null)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND {column} = @{column}");
            command.Add("@" + column, value);
        }
    }

    /// <summary>Runs a query that <paramref name="bind"/> writes (text and parameters) on <paramref name="pinned"/> or a connection of its own.</summary>
    private async Task<IReadOnlyList<T>> QueryAsync<T>(Pinned? pinned, Action<DbCommand> bind, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        var connection = pinned?.Connection ?? await AcquireAsync(cancellationToken);
        try
        {
            await using var command = Db.Command(connection, pinned?.Transaction, string.Empty);
            bind(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(map(reader));
            }

            return rows;
        }
        finally
        {
            if (pinned is null)
            {
                await ReleaseAsync(connection);
            }
        }
    }
}
