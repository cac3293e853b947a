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
/// quote asset, so a fee paid in the base asset shrinks the quantity held (DESIGN.md §2). Instruments are keyed by
/// venue and symbol and defined for <see cref="TradeSyncOptions.Venue"/> only, so spot BTCUSDT and the USD-M
/// BTCUSDT perpetual (linear, under the futures venue) live side by side in one store.
/// </para>
/// Not thread safe: one synchronizer per account, one back-fill at a time.
/// </remarks>
public sealed class SpotTradeSynchronizer
{
    /// <summary>The venue name spot fills are stored under by default.</summary>
    public const string DefaultVenue = BinanceVenues.Spot;

    /// <summary>Binance spot's widest myTrades time window.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(24);

    private readonly BinanceSpotClient _client;
    private readonly FillLog _log;
    private readonly TradeSyncOptions _options;
    private readonly ILogger _logger;
    private readonly TradeBackfill<BinanceSpotTrade> _backfill;
    private bool _instrumentsDefined;

    /// <param name="options">Window at most 24 hours (use <see cref="MaxWindow"/>); Venue usually <see cref="DefaultVenue"/>.</param>
    /// <param name="ingested">Called after each committed page (null: nobody listens).</param>
    public SpotTradeSynchronizer(BinanceSpotClient client, FillLog log, TradeSyncOptions options, TimeProvider time, ILogger<SpotTradeSynchronizer>? logger = null, Action<IngestReport>? ingested = null)
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
        _logger = logger ?? NullLogger<SpotTradeSynchronizer>.Instance;
        _backfill = new TradeBackfill<BinanceSpotTrade>(client.GetMyTradesAsync, BinanceFills.ToFill, trade => (trade.Id, trade.Time), log, options, time, _logger) { Ingested = ingested };
    }

    /// <summary>Fills stored so far by this synchronizer, page by page (what an interrupted run got done).</summary>
    public int StoredSoFar => _backfill.StoredSoFar;

    /// <summary>Reads every symbol up to now, page by page, each page committed with its checkpoint.</summary>
    /// <exception cref="BinanceApiException">A call failed after the client's own retries; pages before it are kept.</exception>
    /// <exception cref="InvalidOperationException">A symbol already has fills as a non-spot instrument under this synchronizer's venue.</exception>
    public async Task<SyncReport> BackfillAsync(CancellationToken cancellationToken)
    {
        await DefineInstrumentsAsync(cancellationToken);
        return await _backfill.BackfillAsync(cancellationToken);
    }

    /// <summary>Runs <see cref="BackfillAsync"/> now and then every <see cref="TradeSyncOptions.SweepInterval"/> until cancelled.</summary>
    /// <exception cref="OperationCanceledException">On cancellation, the normal end.</exception>
    public Task SweepAsync(Func<SyncReport, CancellationToken, Task>? onSweep, CancellationToken cancellationToken) =>
        _backfill.SweepAsync(BackfillAsync, onSweep, cancellationToken);

    private async Task DefineInstrumentsAsync(CancellationToken cancellationToken)
    {
        if (_instrumentsDefined)
        {
            return;
        }

        var info = await _client.GetExchangeInfoAsync(cancellationToken);
        var pairs = info.Symbols.ToDictionary(s => s.Symbol, StringComparer.Ordinal);
        var instruments = new List<InstrumentDefinition>();
        var catalog = await _log.InstrumentsAsync(cancellationToken);
        foreach (var symbol in _options.Symbols)
        {
            if (!pairs.TryGetValue(symbol, out var pair))
            {
                throw new BinanceApiException(null, -1121, $"{symbol}: not a spot symbol of this exchange (exchangeInfo does not list it)");
            }

            var instrument = Instrument.Create(symbol, InstrumentKind.Spot, pair.BaseAsset, pair.QuoteAsset);
            if (!catalog.HasOwn(_options.Venue, symbol) || catalog.Resolve(_options.Venue, symbol) != instrument)
            {
                instruments.Add(new InstrumentDefinition(_options.Venue, instrument));
            }
        }

        if (instruments.Count > 0)
        {
            await _log.DefineInstrumentsAsync(instruments, cancellationToken);
            var names = string.Join(',', instruments.Select(d => d.Instrument.Symbol));
            SpotLog.InstrumentsDefined(_logger, _options.Venue, _options.Account, names);
        }

        _instrumentsDefined = true;
    }
}
