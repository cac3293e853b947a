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
    private readonly TradeBackfill<BinanceUserTrade> _backfill;

    /// <param name="ingested">Called after each committed page (null: nobody listens).</param>
    /// <param name="resolver">Fills in client order ids REST leaves out (null: none), so fills of Tally's orders are attributed.</param>
    public TradeSynchronizer(
        BinanceFuturesClient client,
        FillLog log,
        TradeSyncOptions options,
        TimeProvider time,
        ILogger<TradeSynchronizer>? logger = null,
        Action<IngestReport>? ingested = null,
        ClientOrderIdResolver? resolver = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _backfill = new TradeBackfill<BinanceUserTrade>(
            client.GetUserTradesAsync,
            BinanceFills.ToFill,
            trade => (trade.Id, trade.Time),
            log,
            options,
            time,
            logger ?? NullLogger<TradeSynchronizer>.Instance)
        {
            Ingested = ingested,
            Enrich = resolver is null ? null : resolver.ResolveAsync,
        };
    }

    /// <summary>Fills stored so far by this synchronizer, page by page (what an interrupted run got done).</summary>
    public int StoredSoFar => _backfill.StoredSoFar;

    /// <summary>Reads every symbol up to now, page by page, each page committed with its checkpoint.</summary>
    /// <exception cref="BinanceApiException">A call failed after the client's own retries; pages before it are kept.</exception>
    public Task<SyncReport> BackfillAsync(CancellationToken cancellationToken) => _backfill.BackfillAsync(cancellationToken);

    /// <summary>
    /// Runs <see cref="BackfillAsync"/> now and then every <see cref="TradeSyncOptions.SweepInterval"/> until
    /// cancelled: the catch-all for anything a stream lost. <paramref name="onSweep"/> sees each report before the pause.
    /// </summary>
    /// <exception cref="OperationCanceledException">On cancellation, the normal end.</exception>
    /// <exception cref="BinanceApiException">A sweep failed after the client's retries; the caller decides whether to restart.</exception>
    public Task SweepAsync(Func<SyncReport, CancellationToken, Task>? onSweep, CancellationToken cancellationToken) =>
        _backfill.SweepAsync(BackfillAsync, onSweep, cancellationToken);
}
