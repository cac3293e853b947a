using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.Storage;

namespace Tally.Engine;

/// <summary>
/// Brings one Binance USD-M account's fills into the fill log over REST (binance-wire.md §5.1): per symbol,
/// from the saved checkpoint with <c>fromId = lastId + 1</c>, or, with no checkpoint yet, by walking 7-day
/// windows forward from <see cref="TradeSyncOptions.StartTime"/> until the first trade id is known.
/// </summary>
/// <remarks>
/// Every page is one <see cref="FillLog.IngestAsync(IReadOnlyList{IncomingFill}, IReadOnlyList{SyncCheckpoint}, CancellationToken)"/>
/// transaction holding its fills and the checkpoint of its last row, so a crash or a cancel between pages
/// loses nothing and a restart repeats nothing: the checkpoint never runs ahead of the stored fills, and a row
/// offered twice (e.g. also seen on the stream) is stored once.
/// Not thread safe: one synchronizer per account, running one backfill at a time.
/// </remarks>
public sealed class TradeSynchronizer
{
    private readonly BinanceFuturesClient _client;
    private readonly FillLog _log;
    private readonly TradeSyncOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public TradeSynchronizer(BinanceFuturesClient client, FillLog log, TradeSyncOptions options, TimeProvider time, ILogger<TradeSynchronizer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _client = client;
        _log = log;
        _options = options;
        _time = time;
        _logger = logger ?? NullLogger<TradeSynchronizer>.Instance;
    }

    /// <summary>Reads every symbol up to now, page by page, each page committed with its checkpoint.</summary>
    /// <exception cref="BinanceApiException">A call failed after the client's own retries; pages before it are kept.</exception>
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

    /// <summary>
    /// Runs <see cref="BackfillAsync"/> now and then every <see cref="TradeSyncOptions.SweepInterval"/> until
    /// cancelled: the catch-all for anything a stream lost. <paramref name="onSweep"/> sees each report before the pause.
    /// </summary>
    /// <exception cref="OperationCanceledException">On cancellation, the normal end.</exception>
    /// <exception cref="BinanceApiException">A sweep failed after the client's retries; the caller decides whether to restart.</exception>
    public async Task SweepAsync(Func<SyncReport, CancellationToken, Task>? onSweep, CancellationToken cancellationToken)
    {
        while (true)
        {
            var report = await BackfillAsync(cancellationToken);
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
            var page = await _client.GetUserTradesAsync(symbol, lastId.Value + 1, null, null, _options.PageLimit, cancellationToken);
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
            var page = await _client.GetUserTradesAsync(tally.Symbol, null, start, end, _options.PageLimit, cancellationToken);
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

    private async Task<long> IngestAsync(SymbolProgress tally, IReadOnlyList<BinanceRecorded<BinanceUserTrade>> page, CancellationToken cancellationToken)
    {
        var fills = page.Select(row => new IncomingFill(row.Value.ToFill(_options.Venue, _options.Account), row.Raw)).ToList();
        var last = page[^1].Value;
        var lastId = last.Id.ToString(CultureInfo.InvariantCulture);
        var checkpoint = new SyncCheckpoint(
            _options.Venue,
            _options.Account,
            tally.Symbol,
            lastId,
            DateTimeOffset.FromUnixTimeMilliseconds(last.Time),
            _time.GetUtcNow());
        var report = await _log.IngestAsync(fills, [checkpoint], cancellationToken);
        foreach (var entry in report.Quarantined)
        {
            Log.Quarantined(_logger, entry.Venue, entry.Account, entry.Symbol, entry.TradeId, entry.Reason);
        }

        tally.Pages++;
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
