using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tally.Core;
using Tally.Core.Reconciliation;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.Storage;
using Rules = Tally.Core.Reconciliation.Reconciliation;

namespace Tally.Engine.Reconciliation;

/// <summary>
/// Reconciles one USD-M account (DESIGN.md §6): reads positionRisk, back-fills missed fills over REST (a mismatch a
/// missed fill explains is fixed by ingesting that fill), then compares the ledger's open positions with the
/// exchange's (<see cref="Rules.Compare"/>) and books what remains as adjustment fills, each finding's fills and its
/// audit entry (before and after as JSON) in one transaction. A price mismatch has no fill-shaped fix: it is audited
/// and reported, the ledger left as it is.
/// </summary>
/// <remarks>
/// positionRisk is read before the back-fill, so every fill it reflects is on REST by the time the ledger is read,
/// and once more after the ledger is read: a key whose row changed in between (an order filling now) is not compared
/// this pass (<see cref="ReconcileReport.Moving"/>), so a fill the ledger already has is never "corrected" twice. An adjustment fill has no client order id, so the
/// attribution fold treats it as an unplaced manual fill: closing a position closes its strategy positions with reason
/// <c>manual</c>, opening one opens a position of strategy <c>manual</c>. Replay and <c>tally verify</c> fold it like any
/// other fill. Not thread safe: one pass at a time per account.
/// </remarks>
public sealed class Reconciler : IReconciler
{
    private readonly BinanceFuturesClient _client;
    private readonly FillLog _log;
    private readonly ReconcileOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;

    public Reconciler(BinanceFuturesClient client, FillLog log, ReconcileOptions options, TimeProvider time, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _client = client;
        _log = log;
        _options = options;
        _time = time;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<Reconciler>();
    }

    /// <summary>Called after each committed back-fill page and each committed adjustment (the dispatcher's input in <c>tally run</c>).</summary>
    public Action<IngestReport>? Ingested { get; init; }

    /// <summary>Called once per key not in sync, after its correction (the hook the risk event bus will plug into).</summary>
    public Action<ReconcileResult>? Found { get; init; }

    /// <summary>One pass. With <paramref name="dryRun"/> nothing is written: no back-fill, no adjustment, no audit.</summary>
    /// <exception cref="BinanceApiException">A REST call failed after the client's retries; corrections committed before it are kept.</exception>
    /// <exception cref="HttpRequestException">The venue could not be reached.</exception>
    public async Task<ReconcileReport> RunAsync(bool dryRun, CancellationToken cancellationToken)
    {
        var risk = await _client.GetPositionRiskAsync(symbol: null, cancellationToken);
        var exchange = risk.Where(r => r.PositionAmount != 0m).Select(r => new ReconcileRow(r.Symbol, r.PositionSide, r.PositionAmount, r.EntryPrice)).ToList();
        SyncReport? backfill = null;
        if (!dryRun)
        {
            var symbols = exchange.Select(r => r.Symbol)
                .Union((await LocalAsync(cancellationToken)).Select(r => r.Symbol), StringComparer.Ordinal)
                .Union(_options.Symbols ?? [], StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (symbols.Count > 0)
            {
                var synchronizer = new TradeSynchronizer(
                    _client,
                    _log,
                    new TradeSyncOptions { Venue = _options.Venue, Account = _options.Account, Symbols = symbols, StartTime = _options.StartTime, PageLimit = _options.PageLimit },
                    _time,
                    _loggers.CreateLogger<TradeSynchronizer>(),
                    Ingested,
                    new ClientOrderIdResolver(_client, _log, _options.Venue, _options.Account));
                backfill = await synchronizer.BackfillAsync(cancellationToken);
            }
            else
            {
                backfill = new SyncReport([]);
            }
        }

        var at = ReconcileCorrections.Millis(_time.GetUtcNow());
        var local = await LocalAsync(cancellationToken);

        // positionRisk again: a key that changed meanwhile (an order filling now) cannot be compared with a ledger read
        // in between; it is left for the next pass rather than "corrected" into a double count.
        var moving = Moving(risk, await _client.GetPositionRiskAsync(symbol: null, cancellationToken));
        var findings = Rules.Compare(
            [.. local.Where(r => !moving.Contains((r.Symbol, r.PositionSide)))],
            [.. exchange.Where(r => !moving.Contains((r.Symbol, r.PositionSide)))],
            _options.Settings);
        var results = await Corrections().SettleAsync(findings, at, dryRun, ExchangeText, cancellationToken);

        if (moving.Count > 0)
        {
            var keys = string.Join(", ", moving.Select(m => $"{m.Symbol}/{m.Side.ToWireName()}"));
            ReconcileLog.Moving(_logger, _options.Venue, _options.Account, keys);
        }

        if (results.All(r => r.Finding.Kind == ReconcileKind.InSync))
        {
            ReconcileLog.InSync(_logger, _options.Venue, _options.Account, results.Count, backfill?.Stored ?? 0);
        }

        return new ReconcileReport(at, dryRun, backfill, results) { Moving = [.. moving.Order()] };
    }

    /// <summary>Keys whose positionRisk row differs between two reads (quantity, entry or update time), or is in one only.</summary>
    private static HashSet<(string Symbol, PositionSide Side)> Moving(IReadOnlyList<BinancePositionRisk> before, IReadOnlyList<BinancePositionRisk> after)
    {
        static Dictionary<(string, PositionSide), (decimal, decimal, long)> Rows(IReadOnlyList<BinancePositionRisk> rows) =>
            rows.GroupBy(r => (r.Symbol, r.PositionSide)).ToDictionary(g => g.Key, g => (g.Last().PositionAmount, g.Last().EntryPrice, g.Last().UpdateTime));
        var (first, second) = (Rows(before), Rows(after));
        return [.. first.Keys.Union(second.Keys).Where(k => first.GetValueOrDefault(k) != second.GetValueOrDefault(k))];
    }

    /// <summary>The audit entry's before/after: <c>{"quantity":"…","entry_price":"…"|null}</c>, decimals as exact strings.</summary>
    public static string StateJson(decimal signedQuantity, decimal? entryPrice) => ReconcileCorrections.StateJson(signedQuantity, entryPrice);

    private static string ExchangeText(ReconcileFinding finding) =>
        "exchange " + (finding.Exchange is { } e ? $"{DecimalText.Format(e.SignedQuantity)} @ {DecimalText.Format(e.EntryPrice)}" : "flat");

    private ReconcileCorrections Corrections() => new(_log, _options.Venue, _options.Account, _logger, Ingested, Found);

    /// <summary>The ledger's open positions of this account.</summary>
    private async Task<IReadOnlyList<ReconcileRow>> LocalAsync(CancellationToken cancellationToken) =>
        [.. (await Corrections().PositionsAsync(cancellationToken))
            .Where(p => p.IsOpen)
            .Select(p => new ReconcileRow(p.Key.Symbol, p.Key.PositionSide, p.SignedQuantity, p.AverageEntryPrice!.Value))];
}
