using Tally.Core;
using Tally.Core.Attribution;

namespace Tally.Storage.Sql;

/// <summary>Writes of the signal, intent and attribution tables (migration 5), inside the session's transaction.</summary>
internal sealed partial class SqlSession
{
    // Ids per order_intents look-up statement (well under SQLite's and PostgreSQL's parameter limits).
    private const int IntentsPerLookup = 200;

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

        // One statement per venue and account and up to IntentsPerLookup ids, not one per id.
        foreach (var group in clientOrderIds.GroupBy(id => (id.Venue, id.Account)))
        {
            foreach (var chunk in group.Select(id => id.ClientOrderId).Chunk(IntentsPerLookup))
            {
                await using var select = Command(
                    $"SELECT {string.Join(", ", AttributionRows.IntentColumns)} FROM order_intents WHERE venue = @venue AND account = @account" +
                    $" AND client_order_id IN ({string.Join(", ", chunk.Select((_, i) => "@id" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))})");
                select.Add("@venue", group.Key.Venue);
                select.Add("@account", group.Key.Account);
                for (var i = 0; i < chunk.Length; i++)
                {
                    select.Add("@id" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), chunk[i]);
                }

                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var intent = AttributionRows.ReadIntent(reader, Dialect);
                    found[(intent.Venue, intent.Account, intent.ClientOrderId)] = intent;
                }
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
            foreach (var table in (string[])["strategy_positions", "exchange_positions"])
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
            "exchange_positions",
            AttributionRows.ExchangePositionColumns,
            Upsert(AttributionRows.ExchangePositionColumns, "venue, account, exchange_position_key", 3),
            [.. exchangePositions.Select(e => AttributionRows.Values(e, Dialect))],
            cancellationToken);
    }

    private static string Upsert(string[] columns, string key, int keyColumns) =>
        $"ON CONFLICT ({key}) DO UPDATE SET {string.Join(", ", columns.Skip(keyColumns).Select(c => $"{c} = excluded.{c}"))}";
}
