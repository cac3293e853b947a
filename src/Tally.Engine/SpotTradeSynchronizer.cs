using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tally.Core;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.Storage;

namespace Tally.Engine;

/// <summary>
/// Brings one Binance spot account's fills into the fill log over REST (<c>GET /api/v3/myTrades</c>,
/// binance-wire.md §6.1): per symbol from the saved checkpoint with <c>fromId = lastId + 1</c>, or, with no
/// checkpoint yet, by walking 24-hour windows (spot's maximum) forward from <see cref="TradeSyncOptions.StartTime"/>
/// until the first trade id is known. The same page-and-checkpoint pattern as <see cref="TradeSynchronizer"/>.
/// </summary>
/// <remarks>
/// <para>
/// Every page is one <see cref="FillLog.IngestAsync(IReadOnlyList{IncomingFill}, IReadOnlyList{SyncCheckpoint}, CancellationToken)"/>
/// transaction with the checkpoint of its last row: a crash between pages loses nothing, a restart repeats nothing.
/// </para>
/// <para>
/// Before the first page each symbol is defined as a spot <see cref="Instrument"/> with exchangeInfo's base and
/// quote asset, so a fee paid in the base asset shrinks the quantity held (DESIGN.md §2). The fill log keys
/// instruments by symbol alone: a symbol that already has fills as a futures contract in the same store is
/// refused (<see cref="InvalidOperationException"/>) — keep spot and futures in separate stores.
/// </para>
/// Not thread safe: one synchronizer per account, one back-fill at a time.
/// </remarks>
public sealed class SpotTradeSynchronizer
{
    /// <summary>The venue name spot fills are stored under by default.</summary>
    public const string DefaultVenue = "binance-spot";

    /// <summary>Binance spot's widest myTrades time window.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(24);

    private readonly BinanceSpotClient _client;
    private readonly FillLog _log;
    private readonly TradeSyncOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private bool _instrumentsDefined;

    /// <param name="options">Window at most 24 hours (use <see cref="MaxWindow"/>); Venue usually <see cref="DefaultVenue"/>.</param>
    public SpotTradeSynchronizer(BinanceSpotClient client, FillLog log, TradeSyncOptions options, TimeProvider time, ILogger<SpotTradeSynchronizer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Window, MaxWindow, nameof(options));
        _client = client;
        _log = log;
        _options = options;
        _time = time;
        _logger = logger ?? NullLogger<SpotTradeSynchronizer>.Instance;
    }

    /// <summary>Reads every symbol up to now, page by page, each page committed with its checkpoint.</summary>
    /// <exception cref="BinanceApiException">A call failed after the client's own retries; pages before it are kept.</exception>
    /// <exception cref="InvalidOperationException">A symbol already has fills as a non-spot instrument in this store.</exception>
    public async Task<SyncReport> BackfillAsync(CancellationToken cancellationToken)
    {
        await DefineInstrumentsAsync(cancellationToken);
        var checkpoints = (await _log.Store.ReadCheckpointsAsync(cancellationToken))
            .Where(c => c.Venue == _options.Venue && c.Account == _options.Account)
            .ToDictionary(c => c.Symbol, c => c.LastTradeId, StringComparer.Ordinal);
        var reports = new List<SymbolSyncReport>(_options.Symbols.Count);
        foreach (var symbol in _options.Symbols)
        {
            var report = await BackfillSymbolAsync(symbol, checkpoints.GetValueOrDefault(symbol), cancellationToken);
            Log.SymbolSynced(_logger, _options.Venue, _options.Account, symbol, report.Pages, report.Stored, report.AlreadyPresent, report.Quarantined, report.LastTradeId);
            reports.Add(report);
        }

        return new SyncReport(reports);
    }

    /// <summary>Runs <see cref="BackfillAsync"/> now and then every <see cref="TradeSyncOptions.SweepInterval"/> until cancelled.</summary>
    /// <exception cref="OperationCanceledException">On cancellation, the normal end.</exception>
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

    private async Task DefineInstrumentsAsync(CancellationToken cancellationToken)
    {
        if (_instrumentsDefined)
        {
            return;
        }

        var info = await _client.GetExchangeInfoAsync(cancellationToken);
        var pairs = info.Symbols.ToDictionary(s => s.Symbol, StringComparer.Ordinal);
        var instruments = new List<Instrument>();
        foreach (var symbol in _options.Symbols)
        {
            if (!pairs.TryGetValue(symbol, out var pair))
            {
                throw new BinanceApiException(null, -1121, $"{symbol}: not a spot symbol of this exchange (exchangeInfo does not list it)");
            }

            var instrument = Instrument.Create(symbol, InstrumentKind.Spot, pair.BaseAsset, pair.QuoteAsset);
            var known = _log.Ledger.Instruments.Registered.FirstOrDefault(i => i.Symbol == symbol);
            if (known != instrument)
            {
                instruments.Add(instrument);
            }
        }

        if (instruments.Count > 0)
        {
            await _log.DefineInstrumentsAsync(instruments, cancellationToken);
            var names = string.Join(',', instruments.Select(i => i.Symbol));
            SpotLog.InstrumentsDefined(_logger, _options.Venue, _options.Account, names);
        }

        _instrumentsDefined = true;
    }

    private async Task<SymbolSyncReport> BackfillSymbolAsync(string symbol, string? checkpoint, CancellationToken cancellationToken)
    {
        var tally = new Progress(symbol, checkpoint);
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
            var page = await _client.GetMyTradesAsync(symbol, lastId.Value + 1, null, null, _options.PageLimit, cancellationToken);
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

    /// <summary>Walks windows forward until one has rows; ingests that first page and returns its last id.</summary>
    private async Task<long?> WalkWindowsAsync(Progress tally, CancellationToken cancellationToken)
    {
        var start = _options.StartTime;
        while (start <= _time.GetUtcNow())
        {
            // Both bounds are inclusive on Binance: [start, start + window − 1 ms], then the next window.
            var end = start + _options.Window - TimeSpan.FromMilliseconds(1);
            var page = await _client.GetMyTradesAsync(tally.Symbol, null, start, end, _options.PageLimit, cancellationToken);
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

    private async Task<long> IngestAsync(Progress tally, IReadOnlyList<BinanceRecorded<BinanceSpotTrade>> page, CancellationToken cancellationToken)
    {
        var fills = page.Select(row => new IncomingFill(row.Value.ToFill(_options.Venue, _options.Account), row.Raw)).ToList();
        var last = page[^1].Value;
        var lastId = last.Id.ToString(CultureInfo.InvariantCulture);
        var checkpoint = new SyncCheckpoint(_options.Venue, _options.Account, tally.Symbol, lastId, DateTimeOffset.FromUnixTimeMilliseconds(last.Time), _time.GetUtcNow());
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

    /// <summary>Counts for one symbol during one run.</summary>
    private sealed class Progress(string symbol, string? lastTradeId)
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
