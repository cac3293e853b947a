using System.Globalization;
using Microsoft.Extensions.Logging;
using Tally.Core;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.Storage;

namespace Tally.Engine;

/// <summary>
/// The page-and-checkpoint walk that <see cref="TradeSynchronizer"/> and <see cref="SpotTradeSynchronizer"/> share:
/// per symbol from the saved checkpoint with <c>fromId = lastId + 1</c>, or, with no checkpoint yet, by walking
/// <see cref="TradeSyncOptions.Window"/>-wide windows forward from <see cref="TradeSyncOptions.StartTime"/> until
/// the first trade id is known. Only how a page is fetched and how a row reads differ per market.
/// </summary>
/// <remarks>
/// Every page is one <see cref="FillLog.IngestAsync(IReadOnlyList{IncomingFill}, IReadOnlyList{SyncCheckpoint}, CancellationToken)"/>
/// transaction holding its fills and the checkpoint of its last row, so the checkpoint never runs ahead of the
/// stored fills. Not thread safe: one back-fill at a time.
/// </remarks>
/// <typeparam name="TTrade">The market's trade row (userTrades or myTrades).</typeparam>
internal sealed class TradeBackfill<TTrade>
{
    private readonly FetchPage _fetch;
    private readonly Func<TTrade, string, string, Fill> _toFill;
    private readonly Func<TTrade, (long Id, long Time)> _key;
    private readonly FillLog _log;
    private readonly TradeSyncOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <param name="toFill">A row as a fill for (venue, account).</param>
    /// <param name="key">A row's trade id and time (Unix milliseconds), for the checkpoint.</param>
    /// <param name="logger">The owning synchronizer's logger, so messages keep its category.</param>
    public TradeBackfill(FetchPage fetch, Func<TTrade, string, string, Fill> toFill, Func<TTrade, (long Id, long Time)> key, FillLog log, TradeSyncOptions options, TimeProvider time, ILogger logger)
    {
        _fetch = fetch;
        _toFill = toFill;
        _key = key;
        _log = log;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Fills a page's client order ids where REST left them out (userTrades has none), so the store can tell whose
    /// order each fill was (<see cref="ClientOrderIdResolver"/>); null leaves the page as it is.
    /// </summary>
    public Func<IReadOnlyList<Fill>, CancellationToken, Task<IReadOnlyList<Fill>>>? Enrich { get; init; }

    /// <summary>Called after each page is committed (the dispatcher learns of fills that did not come over the stream).</summary>
    public Action<IngestReport>? Ingested { get; init; }

    /// <summary>One REST page of trades: by <paramref name="fromId"/> (inclusive) or by an inclusive time window, never both.</summary>
    public delegate Task<IReadOnlyList<BinanceRecorded<TTrade>>> FetchPage(
        string symbol, long? fromId, DateTimeOffset? startTime, DateTimeOffset? endTime, int limit, CancellationToken cancellationToken);

    /// <summary>Reads every symbol up to now, page by page, each page committed with its checkpoint.</summary>
    public async Task<SyncReport> BackfillAsync(CancellationToken cancellationToken)
    {
        var checkpoints = await TradeCheckpoints.ReadAsync(_log, _options.Venue, _options.Account, cancellationToken);
        var reports = new List<SymbolSyncReport>(_options.Symbols.Count);
        foreach (var symbol in _options.Symbols)
        {
            var report = await BackfillSymbolAsync(symbol, checkpoints.GetValueOrDefault(symbol), cancellationToken);
            Log.SymbolSynced(_logger, _options.Venue, _options.Account, symbol, report.Pages, report.Stored, report.AlreadyPresent, report.Quarantined, report.LastTradeId);
            reports.Add(report);
        }

        return new SyncReport(reports);
    }

    /// <summary>Fills this object stored since it was made, counted as each page commits (for a report when a run is cut short).</summary>
    public int StoredSoFar { get; private set; }

    /// <summary>Runs <paramref name="backfill"/> now and then every <see cref="TradeSyncOptions.SweepInterval"/> until cancelled.</summary>
    /// <param name="backfill">The synchronizer's whole back-fill (spot defines its instruments first).</param>
    public async Task SweepAsync(Func<CancellationToken, Task<SyncReport>> backfill, Func<SyncReport, CancellationToken, Task>? onSweep, CancellationToken cancellationToken)
    {
        while (true)
        {
            var report = await backfill(cancellationToken);
            if (onSweep is not null)
            {
                await onSweep(report, cancellationToken);
            }

            await Task.Delay(_options.SweepInterval, _time, cancellationToken);
        }
    }

    private async Task<SymbolSyncReport> BackfillSymbolAsync(string symbol, string? checkpoint, CancellationToken cancellationToken)
    {
        var tally = new SymbolProgress(symbol, checkpoint);
        long? lastId = checkpoint is null ? null : long.Parse(checkpoint, NumberStyles.None, CultureInfo.InvariantCulture);
        if (lastId is null)
        {
            lastId = await WalkWindowsAsync(tally, cancellationToken);
            if (lastId is null)
            {
                return tally.Report();
            }
        }

        // Once an id is known, fromId paging sees every later row whatever its time: ids per symbol only grow.
        while (true)
        {
            var page = await _fetch(symbol, lastId.Value + 1, null, null, _options.PageLimit, cancellationToken);
            if (page.Count > 0)
            {
                lastId = await IngestAsync(tally, page, cancellationToken);
            }

            if (page.Count < _options.PageLimit)
            {
                return tally.Report();
            }
        }
    }

    /// <summary>Walks time windows forward until a window has rows; ingests that first page and returns its last id.</summary>
    private async Task<long?> WalkWindowsAsync(SymbolProgress tally, CancellationToken cancellationToken)
    {
        var start = _options.StartTime;
        while (start <= _time.GetUtcNow())
        {
            // Both bounds are inclusive on Binance: [start, start + window − 1 ms], then the next window.
            var end = start + _options.Window - TimeSpan.FromMilliseconds(1);
            var page = await _fetch(tally.Symbol, null, start, end, _options.PageLimit, cancellationToken);
            if (page.Count > 0)
            {
                // A full page may not be the whole window; the fromId walk that follows picks up the rest.
                return await IngestAsync(tally, page, cancellationToken);
            }

            tally.Pages++;
            start = end + TimeSpan.FromMilliseconds(1);
        }

        return null;
    }

    private async Task<long> IngestAsync(SymbolProgress tally, IReadOnlyList<BinanceRecorded<TTrade>> page, CancellationToken cancellationToken)
    {
        var converted = page.Select(row => _toFill(row.Value, _options.Venue, _options.Account)).ToList();
        IReadOnlyList<Fill> enriched = Enrich is null ? converted : await Enrich(converted, cancellationToken);
        var fills = enriched.Select((fill, i) => new IncomingFill(fill, page[i].Raw)).ToList();
        var last = _key(page[^1].Value);
        var lastId = last.Id.ToString(CultureInfo.InvariantCulture);
        var checkpoint = new SyncCheckpoint(
            _options.Venue,
            _options.Account,
            tally.Symbol,
            lastId,
            DateTimeOffset.FromUnixTimeMilliseconds(last.Time),
            _time.GetUtcNow());
        var report = await _log.IngestAsync(fills, [checkpoint], cancellationToken);
        Ingested?.Invoke(report);
        foreach (var entry in report.Quarantined)
        {
            Log.Quarantined(_logger, entry.Venue, entry.Account, entry.Symbol, entry.TradeId, entry.Reason);
        }

        tally.Pages++;
        StoredSoFar += report.Stored;
        tally.Stored += report.Stored;
        tally.AlreadyPresent += report.AlreadyPresent;
        tally.Quarantined += report.QuarantinedCount;
        tally.LastTradeId = lastId;
        return last.Id;
    }

    /// <summary>Counts for one symbol during one run; only this run's thread touches it.</summary>
    private sealed class SymbolProgress(string symbol, string? lastTradeId)
    {
        public string Symbol { get; } = symbol;

        public string? LastTradeId { get; set; } = lastTradeId;

        public int Pages { get; set; }

        public int Stored { get; set; }

        public int AlreadyPresent { get; set; }

        public int Quarantined { get; set; }

        public SymbolSyncReport Report() => new(Symbol, Pages, Stored, AlreadyPresent, Quarantined, LastTradeId);
    }
}
