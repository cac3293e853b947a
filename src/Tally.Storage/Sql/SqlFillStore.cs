using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using Tally.Core;
using Tally.Core.Attribution;

namespace Tally.Storage.Sql;

/// <summary>
/// The store port over ADO.NET, shared by the SQLite and PostgreSQL adapters: both accept the same SQL
/// (named @parameters, ON CONFLICT upserts), so only connection handling, decimal binding and bulk insert
/// differ, and those are the subclasses' job.
/// </summary>
public abstract partial class SqlFillStore : IFillStore
{
    protected SqlFillStore(SqlDialect dialect)
    {
        Dialect = dialect;
        Migrator = new Migrator(dialect.Name);
    }

    public abstract string Description { get; }

    public SqlDialect Dialect { get; }

    public Migrator Migrator { get; }

    /// <summary>A connection for one unit of work; give it back with <see cref="ReleaseAsync"/>.</summary>
    protected internal abstract ValueTask<DbConnection> AcquireAsync(CancellationToken cancellationToken);

    protected internal abstract ValueTask ReleaseAsync(DbConnection connection);

    /// <summary>Starts a write transaction holding the store's writer lock (see <see cref="IFillStoreSession"/>).</summary>
    protected abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Starts a read transaction whose reads all see one committed state (see <see cref="IFillStore.BeginReadAsync"/>).</summary>
    protected abstract Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Serializes migrators running at once (PostgreSQL takes an advisory lock; SQLite's write lock suffices).</summary>
    protected virtual Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Appends rows to <paramref name="table"/> (trades, or a benchmark's bare copy) in order. The default binds one prepared INSERT per row.</summary>
    protected internal virtual async Task InsertTradesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<NewFillRow> rows, string table, CancellationToken cancellationToken)
    {
        var names = TradeRows.InsertColumns;
        await using var insert = Db.Command(
            connection,
            transaction,
            $"INSERT INTO {table} ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select(n => "@" + n))})");
        foreach (var name in names)
        {
            insert.Add("@" + name, null);
        }

        await insert.PrepareAsync(cancellationToken);
        foreach (var row in rows)
        {
            var values = TradeRows.Values(row, Dialect);
            for (var i = 0; i < values.Length; i++)
            {
                insert.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Looks up stored fills by identity. The default issues one indexed SELECT per identity.</summary>
    protected internal virtual async Task<IReadOnlyDictionary<FillIdentity, StoredFill>> FindAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<FillIdentity> identities, CancellationToken cancellationToken)
    {
        var found = new Dictionary<FillIdentity, StoredFill>();
        await using var select = Db.Command(
            connection,
            transaction,
            $"SELECT {TradeRows.Columns} FROM trades WHERE venue = @venue AND account = @account AND symbol = @symbol AND trade_id = @trade_id");
        select.Add("@venue", null);
        select.Add("@account", null);
        select.Add("@symbol", null);
        select.Add("@trade_id", null);
        await select.PrepareAsync(cancellationToken);
        foreach (var id in identities)
        {
            select.Set("@venue", id.Venue);
            select.Set("@account", id.Account);
            select.Set("@symbol", id.Symbol);
            select.Set("@trade_id", id.TradeId);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                found[id] = TradeRows.Read(reader, Dialect);
            }
        }

        return found;
    }

    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        var connection = await AcquireAsync(cancellationToken);
        try
        {
            return await Migrator.MigrateAsync(connection, LockForMigrationAsync, cancellationToken);
        }
        finally
        {
            await ReleaseAsync(connection);
        }
    }

    public async Task<IFillStoreSession> BeginAsync(CancellationToken cancellationToken)
    {
        var connection = await AcquireAsync(cancellationToken);
        try
        {
            var transaction = await BeginWriteAsync(connection, cancellationToken);
            return new SqlSession(this, connection, transaction);
        }
        catch
        {
            await ReleaseAsync(connection);
            throw;
        }
    }

    public async Task<IFillStoreSnapshot> BeginReadAsync(CancellationToken cancellationToken)
    {
        var connection = await AcquireAsync(cancellationToken);
        try
        {
            return new SqlSnapshot(this, connection, await BeginReadAsync(connection, cancellationToken));
        }
        catch
        {
            await ReleaseAsync(connection);
            throw;
        }
    }

    public Task<IReadOnlyList<InstrumentDefinition>> ReadInstrumentsAsync(CancellationToken cancellationToken) => ReadInstrumentsAsync(null, cancellationToken);

    internal Task<IReadOnlyList<InstrumentDefinition>> ReadInstrumentsAsync(Pinned? pinned, CancellationToken cancellationToken) =>
        QueryAsync(
            pinned,
            "SELECT venue, symbol, kind, base_asset, quote_asset, multiplier FROM instruments ORDER BY symbol, venue",
            r => new InstrumentDefinition(
                r.GetString(0) is { Length: > 0 } venue ? venue : null,
                Instrument.Create(
                    r.GetString(1),
                    WireNames.TryParseInstrumentKind(r.GetString(2), out var kind) ? kind : throw new InvalidDataException($"instruments.kind holds \"{r.GetString(2)}\""),
                    r.GetString(3),
                    r.GetString(4),
                    Dialect.ReadDecimal(r, 5))),
            cancellationToken);

    public Task<long> ReadFoldVersionAsync(CancellationToken cancellationToken) => ReadFoldVersionAsync(null, cancellationToken);

    public Task<AttributionPolicy> ReadAttributionPolicyAsync(CancellationToken cancellationToken) => ReadAttributionPolicyAsync(null, cancellationToken);

    internal async Task<AttributionPolicy> ReadAttributionPolicyAsync(Pinned? pinned, CancellationToken cancellationToken) =>
        ParsePolicy((await QueryAsync(pinned, "SELECT attribution_policy FROM fold_version WHERE id = 1", r => r.GetString(0), cancellationToken)).Single());

    /// <summary>A stored policy's wire name; anything else means the row was written by something other than Tally.</summary>
    internal static AttributionPolicy ParsePolicy(string? text) =>
        text is not null && AttributionWireNames.TryParsePolicy(text, out var policy)
            ? policy
            : throw new InvalidDataException($"fold_version.attribution_policy holds \"{text}\"");

    internal async Task<long> ReadFoldVersionAsync(Pinned? pinned, CancellationToken cancellationToken) =>
        (await QueryAsync(pinned, "SELECT version FROM fold_version WHERE id = 1", r => r.GetInt64(0), cancellationToken)).Single();

    public Task<IReadOnlyList<(PositionKey Key, PositionState State)>> ReadPositionsAsync(CancellationToken cancellationToken) => ReadPositionsAsync(null, cancellationToken);

    internal Task<IReadOnlyList<(PositionKey Key, PositionState State)>> ReadPositionsAsync(Pinned? pinned, CancellationToken cancellationToken) =>
        QueryAsync<(PositionKey, PositionState)>(
            pinned,
            "SELECT venue, account, symbol, position_side, state_json FROM positions ORDER BY venue, account, symbol, position_side",
            r => (Key(r, 0), StateJson.ReadPosition(r.GetString(4))),
            cancellationToken);

    public IAsyncEnumerable<StoredFill> ReadFillsAsync(FillQuery query, CancellationToken cancellationToken) => ReadFillsAsync(null, query, cancellationToken);

    /// <summary>Streams the fills (a large log is never held in memory whole), on <paramref name="pinned"/> or a connection of its own.</summary>
    internal async IAsyncEnumerable<StoredFill> ReadFillsAsync(Pinned? pinned, FillQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connection = pinned?.Connection ?? await AcquireAsync(cancellationToken);
        try
        {
            await using var command = Db.Command(connection, pinned?.Transaction, string.Empty);
            BindFillQuery(command, query);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                yield return TradeRows.Read(reader, Dialect);
            }
        }
        finally
        {
            if (pinned is null)
            {
                await ReleaseAsync(connection);
            }
        }
    }

    public async Task<IReadOnlyList<StoredFunding>> ReadFundingAsync(FundingQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var connection = await AcquireAsync(cancellationToken);
        try
        {
            return await ReadFundingAsync(connection, null, query, cancellationToken);
        }
        finally
        {
            await ReleaseAsync(connection);
        }
    }

    public async Task<IReadOnlyDictionary<PositionKey, FoldMark>> ReadFoldMarksAsync(CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            "SELECT venue, account, symbol, position_side, fold_order, last_fill_ms, last_fill_trade_id FROM positions",
            r => (Key(r, 0), r.GetString(4) switch
            {
                "log" => FoldMark.Log,
                "venue" => new FoldMark(LogOrder: false, Db.Time(r, 5), Db.String(r, 6)),
                var other => throw new InvalidDataException($"positions.fold_order holds \"{other}\""),
            }),
            cancellationToken);
        return rows.ToDictionary(r => r.Item1, r => r.Item2);
    }

    internal async Task<IReadOnlyList<StoredFill>> ReadFillsAsync(DbConnection connection, DbTransaction? transaction, FillQuery query, CancellationToken cancellationToken)
    {
        await using var command = Db.Command(connection, transaction, string.Empty);
        BindFillQuery(command, query);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var fills = new List<StoredFill>();
        while (await reader.ReadAsync(cancellationToken))
        {
            fills.Add(TradeRows.Read(reader, Dialect));
        }

        return fills;
    }

    internal async Task<IReadOnlyList<StoredFunding>> ReadFundingAsync(DbConnection connection, DbTransaction? transaction, FundingQuery query, CancellationToken cancellationToken)
    {
        await using var command = Db.Command(connection, transaction, string.Empty);
        FundingRows.Bind(command, query);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var payments = new List<StoredFunding>();
        while (await reader.ReadAsync(cancellationToken))
        {
            payments.Add(FundingRows.Read(reader, Dialect));
        }

        return payments;
    }

    private static void BindFillQuery(DbCommand command, FillQuery query)
    {
        var sql = new StringBuilder($"SELECT {TradeRows.Columns} FROM trades WHERE 1 = 1");
        Filter("symbol", query.Symbol);
        Filter("venue", query.Venue);
        Filter("account", query.Account);
        Filter("position_side", query.PositionSide?.ToWireName());
        if (query.Since is { } since)
        {
            sql.Append(" AND ts_ms >= @since");
            command.Add("@since", since.ToUnixTimeMilliseconds());
        }

        if (query.Until is { } until)
        {
            sql.Append(" AND ts_ms <= @until");
            command.Add("@until", until.ToUnixTimeMilliseconds());
        }

        if (query.OnlyUnprocessed)
        {
            sql.Append(" AND processed = 0");
        }

        sql.Append(
            query.Newest ? " ORDER BY seq DESC"
            : query.ByPosition ? " ORDER BY venue, account, symbol, position_side, ts_ms NULLS FIRST, seq"
            : " ORDER BY seq");
        if (query.Limit is { } limit)
        {
            sql.Append(" LIMIT @limit");
            command.Add("@limit", (long)limit);
        }

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

    public async Task<long> CountFillsAsync(CancellationToken cancellationToken)
    {
        var rows = await QueryAsync("SELECT COUNT(*) FROM trades", r => r.GetInt64(0), cancellationToken);
        return rows[0];
    }

    public Task<IReadOnlyList<CycleSummary>> ReadCyclesAsync(CancellationToken cancellationToken) => ReadCyclesAsync(null, cancellationToken);

    internal Task<IReadOnlyList<CycleSummary>> ReadCyclesAsync(Pinned? pinned, CancellationToken cancellationToken) =>
        QueryAsync(
            pinned,
            "SELECT venue, account, symbol, position_side, number, side, opened_ms, closed_ms, avg_entry_price, avg_exit_price, peak_qty, realized_pnl, fees_json, net_pnl, realized_return FROM cycles ORDER BY venue, account, symbol, position_side, number",
            r => new CycleSummary(
                Key(r, 0),
                (int)r.GetInt64(4),
                r.GetString(5) switch
                {
                    "LONG" => PositionDirection.Long,
                    "SHORT" => PositionDirection.Short,
                    var other => throw new InvalidDataException($"cycles.side holds \"{other}\""),
                },
                Db.Time(r, 6),
                Db.Time(r, 7),
                IsClosed: true,
                Dialect.ReadDecimal(r, 8),
                Dialect.ReadNullableDecimal(r, 9),
                Dialect.ReadDecimal(r, 10),
                Dialect.ReadDecimal(r, 11),
                StateJson.ReadAmounts(r.GetString(12)),
                Dialect.ReadDecimal(r, 13),
                Dialect.ReadNullableDecimal(r, 14)),
            cancellationToken);

    public Task<IReadOnlyList<QuarantineEntry>> ReadQuarantineAsync(CancellationToken cancellationToken) =>
        QueryAsync(
            "SELECT id, venue, account, symbol, trade_id, reason, payload, received_ms, source FROM quarantine ORDER BY id",
            r => new QuarantineEntry(r.GetInt64(0), Db.String(r, 1), Db.String(r, 2), Db.String(r, 3), Db.String(r, 4), r.GetString(5), r.GetString(6), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)), r.GetString(8)),
            cancellationToken);

    public Task<IReadOnlyList<SyncCheckpoint>> ReadCheckpointsAsync(CancellationToken cancellationToken) =>
        QueryAsync(
            "SELECT venue, account, symbol, last_trade_id, last_trade_ms, updated_ms, kind FROM sync_checkpoints ORDER BY venue, account, symbol, kind",
            r => new SyncCheckpoint(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Db.Time(r, 4), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)), SyncCheckpointKinds.Parse(r.GetString(6))),
            cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(CancellationToken cancellationToken) =>
        QueryAsync(
            "SELECT id, at_ms, kind, subject, before, after, reason FROM audit ORDER BY id",
            r => new AuditEntry(r.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)), r.GetString(2), r.GetString(3), Db.String(r, 4), Db.String(r, 5), r.GetString(6)),
            cancellationToken);

    public Task<IReadOnlyList<StoredRiskEvent>> ReadRiskEventsAsync(long afterId, CancellationToken cancellationToken) =>
        QueryAsync(
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"SELECT id, ts, type, venue, account, strategy_position_id, key, price, reason, detail FROM risk_events WHERE id > {afterId} ORDER BY id"),
            r => new StoredRiskEvent(r.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)), r.GetString(2), Db.String(r, 3), Db.String(r, 4), Db.String(r, 5), Db.String(r, 6), Dialect.ReadNullableDecimal(r, 7), Db.String(r, 8), r.GetString(9)),
            cancellationToken);

    public Task<IReadOnlyList<StoredRiskState>> ReadRiskStatesAsync(CancellationToken cancellationToken) =>
        QueryAsync(
            "SELECT name, state, status, updated_ms FROM risk_state ORDER BY name",
            r => new StoredRiskState(r.GetString(0), r.GetString(1), Db.String(r, 2), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3))),
            cancellationToken);

    public Task<IReadOnlyList<RiskRequest>> ReadRiskRequestsAsync(bool pendingOnly, CancellationToken cancellationToken) =>
        QueryAsync(
            "SELECT id, at_ms, kind, target, done_ms, outcome FROM risk_requests" + (pendingOnly ? " WHERE done_ms IS NULL" : "") + " ORDER BY id",
            r => new RiskRequest(r.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)), r.GetString(2), Db.String(r, 3), Db.Time(r, 4), Db.String(r, 5)),
            cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> ReadOutboxAsync(bool pendingOnly, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"SELECT id, created_ms, channel, target, kind, text, payload, attempts, next_ms, sent_ms, failed_ms, last_error FROM notification_outbox{(pendingOnly ? " WHERE sent_ms IS NULL AND failed_ms IS NULL" : "")} ORDER BY id LIMIT {limit}"),
            r => new OutboxMessage(
                r.GetInt64(0),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)),
                r.GetString(2),
                r.GetString(3),
                r.GetString(4),
                r.GetString(5),
                Db.String(r, 6),
                r.GetInt32(7),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(8)),
                Db.Time(r, 9),
                Db.Time(r, 10),
                Db.String(r, 11)),
            cancellationToken);

    public abstract ValueTask DisposeAsync();

    private static PositionKey Key(DbDataReader r, int first) => new(
        r.GetString(first),
        r.GetString(first + 1),
        r.GetString(first + 2),
        WireNames.TryParsePositionSide(r.GetString(first + 3), out var side) ? side : throw new InvalidDataException($"position_side holds \"{r.GetString(first + 3)}\""));

    private Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken) =>
        QueryAsync(null, sql, map, cancellationToken);

    /// <summary>Runs a query on <paramref name="pinned"/>'s connection and transaction, or on a connection of its own.</summary>
    private async Task<IReadOnlyList<T>> QueryAsync<T>(Pinned? pinned, string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        var connection = pinned?.Connection ?? await AcquireAsync(cancellationToken);
        try
        {
            await using var command = Db.Command(connection, pinned?.Transaction, sql);
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

/// <summary>A connection and the transaction open on it, for reads that must all see one state.</summary>
internal readonly record struct Pinned(DbConnection Connection, DbTransaction Transaction);
