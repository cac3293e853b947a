using Tally.Core;
using Tally.Core.Attribution;

namespace Tally.Storage.Sql;

/// <summary>Writes of the signal, intent and attribution tables (migration 5), inside the session's transaction.</summary>
internal sealed partial class SqlSession
{
    private Pinned On => new(_connection, _transaction);

    public Task<IReadOnlyList<OrderIntent>> ReadIntentsAsync(IntentQuery query, CancellationToken cancellationToken) =>
        _store.ReadIntentsAsync(On, query, cancellationToken);

    public async Task<IReadOnlyDictionary<(string Venue, string Account, string ClientOrderId), OrderIntent>> FindIntentsAsync(
        IReadOnlyCollection<(string Venue, string Account, string ClientOrderId)> clientOrderIds,
        CancellationToken cancellationToken)
    {
        var found = new Dictionary<(string, string, string), OrderIntent>();
        if (clientOrderIds.Count == 0)
        {
            return found;
        }

        await using var select = Command($"SELECT {string.Join(", ", AttributionRows.IntentColumns)} FROM order_intents WHERE venue = @venue AND account = @account AND client_order_id = @id");
        select.Add("@venue", null);
        select.Add("@account", null);
        select.Add("@id", null);
        await select.PrepareAsync(cancellationToken);
        foreach (var id in clientOrderIds)
        {
            select.Set("@venue", id.Venue);
            select.Set("@account", id.Account);
            select.Set("@id", id.ClientOrderId);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                found[id] = AttributionRows.ReadIntent(reader, Dialect);
            }
        }

        return found;
    }

    public Task InsertIntentsAsync(IReadOnlyList<OrderIntent> intents, CancellationToken cancellationToken) =>
        InsertRowsAsync("order_intents", AttributionRows.IntentColumns, string.Empty, [.. intents.Select(i => AttributionRows.Values(i, Dialect))], cancellationToken);

    public async Task<bool> UpdateIntentAsync(string venue, string account, string clientOrderId, OrderIntentStatus status, string? venueOrderId, string? detail, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var update = Command(
            """
            UPDATE order_intents SET status = @status, venue_order_id = COALESCE(@venue_order_id, venue_order_id), detail = @detail, updated_at = @at
            WHERE venue = @venue AND account = @account AND client_order_id = @id
            """);
        update.Add("@status", status.ToWireName());
        update.Add("@venue_order_id", venueOrderId);
        update.Add("@detail", detail);
        update.Add("@at", at.ToUnixTimeMilliseconds());
        update.Add("@venue", venue);
        update.Add("@account", account);
        update.Add("@id", clientOrderId);
        return await update.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<bool> AnyFillOfOrdersAsync(IReadOnlyCollection<(string Venue, string Account, string ClientOrderId)> clientOrderIds, CancellationToken cancellationToken)
    {
        await using var select = Command("SELECT COUNT(*) FROM trades WHERE venue = @venue AND account = @account AND client_order_id = @id");
        select.Add("@venue", null);
        select.Add("@account", null);
        select.Add("@id", null);
        foreach (var (venue, account, id) in clientOrderIds)
        {
            select.Set("@venue", venue);
            select.Set("@account", account);
            select.Set("@id", id);
            if (Convert.ToInt64(await select.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                return true;
            }
        }

        return false;
    }

    public Task<IReadOnlyList<StoredSignal>> ReadSignalsAsync(SignalQuery query, CancellationToken cancellationToken) =>
        _store.ReadSignalsAsync(On, query, cancellationToken);

    public Task InsertSignalAsync(StoredSignal signal, CancellationToken cancellationToken) =>
        InsertRowsAsync("signals", AttributionRows.SignalColumns, string.Empty, [AttributionRows.Values(signal, Dialect)], cancellationToken);

    public async Task SaveAttributionAsync(IReadOnlyList<StrategyPosition> positions, IReadOnlyList<ExchangePosition> exchangePositions, bool replaceAll, CancellationToken cancellationToken)
    {
        if (replaceAll)
        {
            foreach (var table in (string[])["position_contributions", "strategy_positions", "exchange_positions"])
            {
                await using var delete = Command($"DELETE FROM {table}");
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await InsertRowsAsync(
            "strategy_positions",
            AttributionRows.StrategyPositionColumns,
            Upsert(AttributionRows.StrategyPositionColumns, "venue, account, symbol, strategy_position_id", 4),
            [.. positions.Select(p => AttributionRows.Values(p, Dialect))],
            cancellationToken);
        await InsertRowsAsync(
            "position_contributions",
            AttributionRows.ContributionColumns,
            Upsert(AttributionRows.ContributionColumns, "contribution_id", 1),
            [.. positions.Select(p => AttributionRows.Values(Contribution.Of(p), p.Cycle, Dialect))],
            cancellationToken);
        await InsertRowsAsync(
            "exchange_positions",
            AttributionRows.ExchangePositionColumns,
            Upsert(AttributionRows.ExchangePositionColumns, "venue, account, exchange_position_key", 3),
            [.. exchangePositions.Select(e => AttributionRows.Values(e, Dialect))],
            cancellationToken);
    }

    private static string Upsert(string[] columns, string key, int keyColumns) =>
        $"ON CONFLICT ({key}) DO UPDATE SET {string.Join(", ", columns.Skip(keyColumns).Select(c => $"{c} = excluded.{c}"))}";
}
