using System.Data.Common;
using Tally.Core;
using Tally.Core.Attribution;

namespace Tally.Storage.Sql;

/// <summary>One write transaction against a <see cref="SqlFillStore"/>.</summary>
internal sealed partial class SqlSession : IFillStoreSession
{
    private readonly SqlFillStore _store;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private bool _released;

    public SqlSession(SqlFillStore store, DbConnection connection, DbTransaction transaction)
    {
        _store = store;
        _connection = connection;
        _transaction = transaction;
    }

    private SqlDialect Dialect => _store.Dialect;

    public async Task<long> ReadFoldVersionAsync(CancellationToken cancellationToken)
    {
        await using var select = Command("SELECT version FROM fold_version WHERE id = 1");
        return Convert.ToInt64(await select.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<AttributionPolicy> ReadAttributionPolicyAsync(CancellationToken cancellationToken)
    {
        await using var select = Command("SELECT attribution_policy FROM fold_version WHERE id = 1");
        return SqlFillStore.ParsePolicy(Convert.ToString(await select.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task SaveAttributionPolicyAsync(AttributionPolicy policy, CancellationToken cancellationToken)
    {
        await using var update = Command("UPDATE fold_version SET attribution_policy = @policy WHERE id = 1");
        update.Add("@policy", policy.ToWireName());
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> BumpFoldVersionAsync(CancellationToken cancellationToken)
    {
        await using var update = Command("UPDATE fold_version SET version = version + 1 WHERE id = 1");
        await update.ExecuteNonQueryAsync(cancellationToken);
        return await ReadFoldVersionAsync(cancellationToken);
    }

    public Task<IReadOnlyDictionary<FillIdentity, StoredFill>> FindAsync(IReadOnlyCollection<FillIdentity> identities, CancellationToken cancellationToken) =>
        identities.Count == 0
            ? Task.FromResult<IReadOnlyDictionary<FillIdentity, StoredFill>>(new Dictionary<FillIdentity, StoredFill>())
            : _store.FindAsync(_connection, _transaction, identities, cancellationToken);

    public async Task InsertFillsAsync(IReadOnlyList<NewFillRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await EnsureAccountsAsync(rows.Select(r => (r.Fill.Venue, r.Fill.Account)), rows[0].IngestedAt, cancellationToken);
        await _store.InsertTradesAsync(_connection, _transaction, rows, "trades", cancellationToken);
    }

    public Task<IReadOnlyList<StoredFill>> ReadFillsAsync(FillQuery query, CancellationToken cancellationToken) =>
        _store.ReadFillsAsync(_connection, _transaction, query, cancellationToken);

    public Task<IReadOnlyList<StoredFunding>> ReadFundingAsync(FundingQuery query, CancellationToken cancellationToken) =>
        _store.ReadFundingAsync(_connection, _transaction, query, cancellationToken);

    public async Task<IReadOnlyDictionary<FundingIdentity, StoredFunding>> FindFundingAsync(IReadOnlyCollection<FundingIdentity> identities, CancellationToken cancellationToken)
    {
        // Funding arrives a few payments a day per position: one indexed SELECT per identity is plenty.
        var found = new Dictionary<FundingIdentity, StoredFunding>();
        if (identities.Count == 0)
        {
            return found;
        }

        await using var select = Command($"SELECT {FundingRows.Columns} FROM funding WHERE venue = @venue AND account = @account AND funding_id = @funding_id");
        select.Add("@venue", null);
        select.Add("@account", null);
        select.Add("@funding_id", null);
        foreach (var id in identities)
        {
            select.Set("@venue", id.Venue);
            select.Set("@account", id.Account);
            select.Set("@funding_id", id.FundingId);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                found[id] = FundingRows.Read(reader, Dialect);
            }
        }

        return found;
    }

    public async Task InsertFundingAsync(IReadOnlyList<IncomingFunding> payments, DateTimeOffset ingestedAt, CancellationToken cancellationToken)
    {
        if (payments.Count == 0)
        {
            return;
        }

        await EnsureAccountsAsync(payments.Select(p => (p.Payment.Venue, p.Payment.Account)), ingestedAt, cancellationToken);
        await InsertRowsAsync("funding", FundingRows.InsertColumns, string.Empty, [.. payments.Select(p => FundingRows.Values(p, ingestedAt, Dialect))], cancellationToken);
    }

    public async Task ReplaceCyclesAsync(PositionKey key, IReadOnlyList<CycleSummary> cycles, CancellationToken cancellationToken)
    {
        await using (var delete = Command("DELETE FROM cycles WHERE venue = @venue AND account = @account AND symbol = @symbol AND position_side = @position_side"))
        {
            delete.Add("@venue", key.Venue);
            delete.Add("@account", key.Account);
            delete.Add("@symbol", key.Symbol);
            delete.Add("@position_side", key.PositionSide.ToWireName());
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await AddCyclesAsync(cycles, cancellationToken);
    }

    private async Task EnsureAccountsAsync(IEnumerable<(string Venue, string Account)> accounts, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var now = at.ToUnixTimeMilliseconds();
        var distinct = accounts.Distinct().ToList();
        foreach (var venue in distinct.Select(a => a.Venue).Distinct(StringComparer.Ordinal))
        {
            await using var command = Command("INSERT INTO venues (name, created_ms) VALUES (@name, @created) ON CONFLICT DO NOTHING");
            command.Add("@name", venue);
            command.Add("@created", now);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (venue, account) in distinct)
        {
            await using var command = Command("INSERT INTO accounts (venue, name, created_ms) VALUES (@venue, @name, @created) ON CONFLICT DO NOTHING");
            command.Add("@venue", venue);
            command.Add("@name", account);
            command.Add("@created", now);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task MarkProcessedAsync(IReadOnlyList<(long Seq, PositionAction Action, decimal RealizedPnl)> folded, CancellationToken cancellationToken)
    {
        await using var command = Command("UPDATE trades SET processed = 1, action = @action, realized_pnl = @realized WHERE seq = @seq");
        command.Add("@action", null);
        command.Add("@realized", null);
        command.Add("@seq", null);
        foreach (var (seq, action, realized) in folded)
        {
            command.Set("@action", action.ToWireName());
            command.Set("@realized", Dialect.Decimal(realized));
            command.Set("@seq", seq);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task QuarantineAsync(IReadOnlyList<QuarantineEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            await using var command = Command(
                "INSERT INTO quarantine (venue, account, symbol, trade_id, reason, payload, received_ms, source) VALUES (@venue, @account, @symbol, @trade_id, @reason, @payload, @received, @source)");
            command.Add("@venue", entry.Venue);
            command.Add("@account", entry.Account);
            command.Add("@symbol", entry.Symbol);
            command.Add("@trade_id", entry.TradeId);
            command.Add("@reason", entry.Reason);
            command.Add("@payload", entry.Payload);
            command.Add("@received", entry.ReceivedAt.ToUnixTimeMilliseconds());
            command.Add("@source", entry.Source);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task SaveInstrumentsAsync(IReadOnlyList<InstrumentDefinition> instruments, CancellationToken cancellationToken)
    {
        foreach (var (venue, instrument) in instruments)
        {
            await using var command = Command(
                """
                INSERT INTO instruments (venue, symbol, kind, base_asset, quote_asset, multiplier) VALUES (@venue, @symbol, @kind, @base, @quote, @multiplier)
                ON CONFLICT (venue, symbol) DO UPDATE SET kind = excluded.kind, base_asset = excluded.base_asset, quote_asset = excluded.quote_asset, multiplier = excluded.multiplier
                """);
            command.Add("@venue", venue ?? "");
            command.Add("@symbol", instrument.Symbol);
            command.Add("@kind", instrument.Kind.ToWireName());
            command.Add("@base", instrument.BaseAsset);
            command.Add("@quote", instrument.QuoteAsset);
            command.Add("@multiplier", Dialect.Decimal(instrument.Multiplier));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static readonly string[] PositionColumns =
    [
        "venue", "account", "symbol", "position_side", "side", "size", "signed_size", "avg_price", "cost_basis", "realized_pnl", "settlement_fees",
        "net_pnl", "p1", "p2", "p1_fee", "p2_fee", "break_even_price", "is_open", "cycles", "entry_ms", "last_update_ms", "state_json",
        "fold_order", "last_fill_ms", "last_fill_trade_id",
    ];

    private static readonly string[] CycleColumns =
    [
        "venue", "account", "symbol", "position_side", "number", "side", "opened_ms", "closed_ms", "avg_entry_price", "avg_exit_price",
        "peak_qty", "realized_pnl", "fees_json", "net_pnl", "realized_return",
    ];

    public Task SavePositionsAsync(IReadOnlyList<(Position Position, FoldMark Mark)> positions, CancellationToken cancellationToken)
    {
        var updates = string.Join(", ", PositionColumns.Skip(4).Select(c => $"{c} = excluded.{c}"));
        var rows = positions.Select(saved =>
        {
            var (p, mark) = saved;
            var cash = p.CashFlow;
            return new object?[]
            {
                p.Key.Venue, p.Key.Account, p.Key.Symbol, p.Key.PositionSide.ToWireName(), p.Direction.ToWireName(),
                Dialect.Decimal(p.Quantity), Dialect.Decimal(p.SignedQuantity), Dialect.Decimal(p.AverageEntryPrice), Dialect.Decimal(p.CostBasis),
                Dialect.Decimal(p.RealizedPnl), Dialect.Decimal(p.SettlementFees), Dialect.Decimal(p.NetPnl),
                Dialect.Decimal(cash.P1), Dialect.Decimal(cash.P2), Dialect.Decimal(cash.P1Fee), Dialect.Decimal(cash.P2Fee), Dialect.Decimal(cash.BreakEvenPrice),
                p.IsOpen ? 1L : 0L, (long)p.CycleCount, Db.Ms(p.OpenedAt), Db.Ms(p.LastUpdate), StateJson.Write(p.Capture()),
                mark.LogOrder ? "log" : "venue", Db.Ms(mark.LastTime), mark.LastTradeId,
            };
        }).ToList();
        return InsertRowsAsync("positions", PositionColumns, $"ON CONFLICT (venue, account, symbol, position_side) DO UPDATE SET {updates}", rows, cancellationToken);
    }

    public Task AddCyclesAsync(IReadOnlyList<CycleSummary> cycles, CancellationToken cancellationToken)
    {
        var rows = cycles.Select(c => new object?[]
        {
            c.Key.Venue, c.Key.Account, c.Key.Symbol, c.Key.PositionSide.ToWireName(), (long)c.Number, c.Side.ToWireName(),
            Db.Ms(c.OpenedAt), Db.Ms(c.ClosedAt), Dialect.Decimal(c.AverageEntryPrice), Dialect.Decimal(c.AverageExitPrice),
            Dialect.Decimal(c.PeakQuantity), Dialect.Decimal(c.RealizedPnl), StateJson.Write(c.Fees), Dialect.Decimal(c.NetPnl),
            Dialect.Decimal(c.RealizedReturn),
        }).ToList();
        return InsertRowsAsync("cycles", CycleColumns, string.Empty, rows, cancellationToken);
    }

    /// <summary>
    /// One INSERT per row. Where every statement costs a network round trip (PostgreSQL) they travel as one
    /// batch with positional parameters; in-process SQLite binds a prepared statement per row.
    /// </summary>
    private async Task InsertRowsAsync(string table, string[] columns, string suffix, List<object?[]> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var names = string.Join(", ", columns);
        if (Dialect.BatchesStatements)
        {
            var sql = $"INSERT INTO {table} ({names}) VALUES ({string.Join(", ", columns.Select((_, i) => "$" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)))}) {suffix}";
            await using var batch = _connection.CreateBatch();
            batch.Transaction = _transaction;
            foreach (var row in rows)
            {
                var statement = batch.CreateBatchCommand();
                statement.CommandText = sql;
                foreach (var value in row)
                {
                    var parameter = statement.CreateParameter();
                    parameter.Value = value ?? DBNull.Value;
                    statement.Parameters.Add(parameter);
                }

                batch.BatchCommands.Add(statement);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
            return;
        }

        await using var command = Command($"INSERT INTO {table} ({names}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))}) {suffix}");
        foreach (var column in columns)
        {
            command.Add("@" + column, null);
        }

        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                command.Parameters[i].Value = row[i] ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task SaveCheckpointsAsync(IReadOnlyList<SyncCheckpoint> checkpoints, CancellationToken cancellationToken)
    {
        foreach (var c in checkpoints)
        {
            await using var command = Command(
                """
                INSERT INTO sync_checkpoints (venue, account, symbol, kind, last_trade_id, last_trade_ms, updated_ms) VALUES (@venue, @account, @symbol, @kind, @id, @ts, @updated)
                ON CONFLICT (venue, account, symbol, kind) DO UPDATE SET last_trade_id = excluded.last_trade_id, last_trade_ms = excluded.last_trade_ms, updated_ms = excluded.updated_ms
                """);
            command.Add("@venue", c.Venue);
            command.Add("@account", c.Account);
            command.Add("@symbol", c.Symbol);
            command.Add("@kind", c.Kind.ToWireName());
            command.Add("@id", c.LastTradeId);
            command.Add("@ts", Db.Ms(c.LastTradeTime));
            command.Add("@updated", c.UpdatedAt.ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task AuditAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var command = Command("INSERT INTO audit (at_ms, kind, subject, before, after, reason) VALUES (@at, @kind, @subject, @before, @after, @reason)");
        command.Add("@at", entry.At.ToUnixTimeMilliseconds());
        command.Add("@kind", entry.Kind);
        command.Add("@subject", entry.Subject);
        command.Add("@before", entry.Before);
        command.Add("@after", entry.After);
        command.Add("@reason", entry.Reason);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task InsertRiskEventsAsync(IReadOnlyList<StoredRiskEvent> events, CancellationToken cancellationToken)
    {
        foreach (var e in events)
        {
            await using var command = Command(
                "INSERT INTO risk_events (ts, type, venue, account, strategy_position_id, key, price, reason, detail) VALUES (@ts, @type, @venue, @account, @id, @key, @price, @reason, @detail)");
            command.Add("@ts", e.At.ToUnixTimeMilliseconds());
            command.Add("@type", e.Type);
            command.Add("@venue", e.Venue);
            command.Add("@account", e.Account);
            command.Add("@id", e.StrategyPositionId);
            command.Add("@key", e.Key);
            command.Add("@price", Dialect.Decimal(e.Price));
            command.Add("@reason", e.Reason);
            command.Add("@detail", e.Detail);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task SaveRiskStateAsync(StoredRiskState state, CancellationToken cancellationToken)
    {
        await using var command = Command(
            """
            INSERT INTO risk_state (name, state, status, updated_ms) VALUES (@name, @state, @status, @updated)
            ON CONFLICT (name) DO UPDATE SET state = excluded.state, status = COALESCE(excluded.status, risk_state.status), updated_ms = excluded.updated_ms
            """);
        command.Add("@name", state.Name);
        command.Add("@state", state.State);
        command.Add("@status", state.Status);
        command.Add("@updated", state.UpdatedAt.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task InsertRiskRequestAsync(RiskRequest request, CancellationToken cancellationToken)
    {
        await using var command = Command("INSERT INTO risk_requests (at_ms, kind, target, done_ms, outcome) VALUES (@at, @kind, @target, @done, @outcome)");
        command.Add("@at", request.At.ToUnixTimeMilliseconds());
        command.Add("@kind", request.Kind);
        command.Add("@target", request.Target);
        command.Add("@done", Db.Ms(request.DoneAt));
        command.Add("@outcome", request.Outcome);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> CompleteRiskRequestAsync(long id, DateTimeOffset at, string outcome, CancellationToken cancellationToken)
    {
        await using var command = Command("UPDATE risk_requests SET done_ms = @done, outcome = @outcome WHERE id = @id AND done_ms IS NULL");
        command.Add("@done", at.ToUnixTimeMilliseconds());
        command.Add("@outcome", outcome);
        command.Add("@id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task InsertOutboxAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        foreach (var m in messages)
        {
            await using var command = Command(
                "INSERT INTO notification_outbox (created_ms, channel, target, kind, text, payload, attempts, next_ms, sent_ms, failed_ms, last_error) VALUES (@created, @channel, @target, @kind, @text, @payload, @attempts, @next, @sent, @failed, @error)");
            command.Add("@created", m.CreatedAt.ToUnixTimeMilliseconds());
            command.Add("@channel", m.Channel);
            command.Add("@target", m.Target);
            command.Add("@kind", m.Kind);
            command.Add("@text", m.Text);
            command.Add("@payload", m.Payload);
            command.Add("@attempts", m.Attempts);
            command.Add("@next", m.NextAt.ToUnixTimeMilliseconds());
            command.Add("@sent", Db.Ms(m.SentAt));
            command.Add("@failed", Db.Ms(m.FailedAt));
            command.Add("@error", m.LastError);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task<bool> UpdateOutboxAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        await using var command = Command("UPDATE notification_outbox SET attempts = @attempts, next_ms = @next, sent_ms = @sent, failed_ms = @failed, last_error = @error WHERE id = @id");
        command.Add("@attempts", message.Attempts);
        command.Add("@next", message.NextAt.ToUnixTimeMilliseconds());
        command.Add("@sent", Db.Ms(message.SentAt));
        command.Add("@failed", Db.Ms(message.FailedAt));
        command.Add("@error", message.LastError);
        command.Add("@id", message.Id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await _transaction.CommitAsync(cancellationToken);
        await ReleaseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await ReleaseAsync();
    }

    private async ValueTask ReleaseAsync()
    {
        if (!_released)
        {
            _released = true;
            await _store.ReleaseAsync(_connection);
        }
    }

    private DbCommand Command(string sql) => Db.Command(_connection, _transaction, sql);
}
