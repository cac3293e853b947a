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
/// Reconciles one spot account (DESIGN.md §6, "and spot balances"): reads the account's balances, back-fills missed
/// fills over <c>GET /api/v3/myTrades</c> first (a mismatch a missed fill explains is fixed by ingesting that fill), then
/// compares, per base asset of the account's pairs, the exchange's balance (free + locked) with what the ledger holds of
/// it, and books what remains as audited adjustment fills on the pair of that base, through the same rules, audit and
/// report as <see cref="Reconciler"/>.
/// </summary>
/// <remarks>
/// <para>
/// The pairs: <see cref="ReconcileOptions.Symbols"/> (a spot account lists its symbols) and every spot pair the ledger has
/// fills of for this account. What the ledger holds of an asset X: the held base (after base-asset fees) of the pairs
/// whose base is X, plus the quote flow (net of quote fees) of the pairs whose quote is X, less fees paid in X on other
/// pairs. A quote asset that is no pair's base (USDT) is not compared: it is the cash the account started with, which no
/// fill explains. An asset held by several pairs is corrected on one of them (an open one first).
/// </para>
/// <para>
/// Spot balances carry no price, so a price_mismatch cannot be found: the exchange's side is given the ledger's average
/// entry, so a quantity_mismatch adds or removes at that average (no PnL invented, the average kept), a missing_exchange
/// closes at it, and a missing_local (or a holding on the other side of zero) opens at the pair's last price
/// (<c>GET /api/v3/ticker/price</c>); the audit entry says so. Balances are read again after the ledger: an asset that
/// moved meanwhile (an order filling now) is left for the next pass (<see cref="ReconcileReport.Moving"/>, as its pair
/// and BOTH). Not thread safe: one pass at a time per account.
/// </para>
/// </remarks>
public sealed class SpotReconciler : IReconciler
{
    private readonly BinanceSpotClient _client;
    private readonly FillLog _log;
    private readonly ReconcileOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;

    /// <param name="options">Venue usually <see cref="BinanceVenues.Spot"/>; Symbols the account's pairs.</param>
    public SpotReconciler(BinanceSpotClient client, FillLog log, ReconcileOptions options, TimeProvider time, ILoggerFactory? loggers = null)
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
        _logger = _loggers.CreateLogger<SpotReconciler>();
    }

    /// <summary>Called after each committed back-fill page and each committed adjustment (the dispatcher's input in <c>tally run</c>).</summary>
    public Action<IngestReport>? Ingested { get; init; }

    /// <summary>Called once per pair not in sync, after its correction.</summary>
    public Action<ReconcileResult>? Found { get; init; }

    /// <summary>One pass. With <paramref name="dryRun"/> nothing is written: no back-fill, no adjustment, no audit.</summary>
    /// <exception cref="BinanceApiException">A REST call failed after the client's retries (or a pair is not on the exchange); corrections committed before it are kept.</exception>
    /// <exception cref="HttpRequestException">The venue could not be reached.</exception>
    public async Task<ReconcileReport> RunAsync(bool dryRun, CancellationToken cancellationToken)
    {
        var corrections = new ReconcileCorrections(_log, _options.Venue, _options.Account, _logger, Ingested, Found);
        var info = await _client.GetExchangeInfoAsync(cancellationToken);
        var pairs = info.Symbols.ToDictionary(s => s.Symbol, StringComparer.Ordinal);
        var balances = await _client.GetAccountAsync(cancellationToken);
        var symbols = (await corrections.PositionsAsync(cancellationToken))
            .Where(p => p.Instrument.Kind == InstrumentKind.Spot)
            .Select(p => p.Key.Symbol)
            .Union(_options.Symbols ?? [], StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var symbol in symbols.Where(s => !pairs.ContainsKey(s)))
        {
            throw new BinanceApiException(null, -1121, $"{symbol}: not a spot symbol of this exchange (exchangeInfo does not list it)");
        }

        SyncReport? backfill = null;
        if (!dryRun)
        {
            backfill = symbols.Count == 0 ? new SyncReport([]) : await new SpotTradeSynchronizer(
                _client,
                _log,
                new TradeSyncOptions { Venue = _options.Venue, Account = _options.Account, Symbols = symbols, StartTime = _options.StartTime, PageLimit = _options.PageLimit, Window = SpotTradeSynchronizer.MaxWindow },
                _time,
                _loggers.CreateLogger<SpotTradeSynchronizer>(),
                Ingested).BackfillAsync(cancellationToken);
        }

        var at = ReconcileCorrections.Millis(_time.GetUtcNow());
        var positions = (await corrections.PositionsAsync(cancellationToken)).Where(p => p.Instrument.Kind == InstrumentKind.Spot).ToList();

        // Balances again: an asset that moved meanwhile cannot be compared with a ledger read in between.
        var moving = Moving(balances, await _client.GetAccountAsync(cancellationToken));
        var bases = symbols.Select(s => pairs[s].BaseAsset).ToHashSet(StringComparer.Ordinal);
        var findings = new List<ReconcileFinding>();
        var views = new Dictionary<string, AssetView>(StringComparer.Ordinal);
        var movingKeys = new List<(string Symbol, PositionSide PositionSide)>();
        foreach (var asset in bases.Order(StringComparer.Ordinal))
        {
            var target = Target(asset, symbols, pairs, positions, bases);
            if (moving.Contains(asset))
            {
                movingKeys.Add((target, PositionSide.Both));
                continue;
            }

            var position = positions.FirstOrDefault(p => p.Key.Symbol == target && p.Key.PositionSide == PositionSide.Both);
            var local = position is { IsOpen: true } ? new ReconcileRow(target, PositionSide.Both, position.SignedQuantity, position.AverageEntryPrice!.Value) : null;
            var balance = balances.Balances.FirstOrDefault(b => b.Asset == asset);
            var held = Held(asset, positions);
            var wanted = (local?.SignedQuantity ?? 0m) + (balance.Free + balance.Locked - held);
            decimal? last = null;
            decimal price;
            if (local is { } l && wanted != 0m && Math.Sign(wanted) == Math.Sign(l.SignedQuantity))
            {
                price = l.EntryPrice;
            }
            else if (wanted != 0m)
            {
                last = await _client.GetPriceAsync(target, cancellationToken);
                price = last.Value;
            }
            else
            {
                price = local?.EntryPrice ?? 1m;
            }

            var exchange = new ReconcileRow(target, PositionSide.Both, wanted, price);
            findings.Add(Rules.Classify(target, PositionSide.Both, local, exchange, _options.Settings));
            views[target] = new AssetView(asset, balance.Free, balance.Locked, held - (local?.SignedQuantity ?? 0m), last);
        }

        var results = await corrections.SettleAsync(findings, at, dryRun, f => ExchangeText(views[f.Symbol], f), cancellationToken);
        if (movingKeys.Count > 0)
        {
            var assets = string.Join(", ", bases.Where(moving.Contains).Order(StringComparer.Ordinal));
            ReconcileLog.SpotMoving(_logger, _options.Venue, _options.Account, assets);
        }

        if (results.All(r => r.Finding.Kind == ReconcileKind.InSync))
        {
            ReconcileLog.SpotInSync(_logger, _options.Venue, _options.Account, results.Count, backfill?.Stored ?? 0);
        }

        return new ReconcileReport(at, dryRun, backfill, results) { Moving = [.. movingKeys.Order()] };
    }

    /// <summary>
    /// What the ledger holds of <paramref name="asset"/> over this account's spot pairs: held base where it is the base,
    /// the quote flow net of quote fees where it is the quote, less fees paid in it on pairs where it is neither.
    /// </summary>
    private static decimal Held(string asset, IReadOnlyList<Position> positions)
    {
        var held = 0m;
        foreach (var p in positions)
        {
            var instrument = p.Instrument;
            if (instrument.BaseAsset == asset)
            {
                held += p.SignedQuantity;
            }
            else if (instrument.QuoteAsset == asset)
            {
                held += p.CashFlow.P2 - p.CashFlow.P2Fee;
            }
            else
            {
                held -= p.Fees.Where(f => f.Asset == asset).Sum(f => f.Amount);
            }
        }

        return held;
    }

    /// <summary>
    /// The pair an asset's difference is booked on: of the pairs with that base, one the ledger holds open first, then one
    /// whose quote is not itself a compared base (its quote flow would move that asset too), then by name.
    /// </summary>
    private static string Target(string asset, IReadOnlyList<string> symbols, Dictionary<string, BinanceSpotSymbol> pairs, IReadOnlyList<Position> positions, HashSet<string> bases) =>
        symbols.Where(s => pairs[s].BaseAsset == asset)
            .OrderBy(s => positions.Any(p => p.Key.Symbol == s && p.IsOpen) ? 0 : 1)
            .ThenBy(s => bases.Contains(pairs[s].QuoteAsset) ? 1 : 0)
            .ThenBy(s => s, StringComparer.Ordinal)
            .First();

    /// <summary>Assets whose free or locked balance differs between two reads, or is in one only.</summary>
    private static HashSet<string> Moving(BinanceSpotAccount before, BinanceSpotAccount after)
    {
        var first = before.Balances.GroupBy(b => b.Asset).ToDictionary(g => g.Key, g => (g.Last().Free, g.Last().Locked), StringComparer.Ordinal);
        var second = after.Balances.GroupBy(b => b.Asset).ToDictionary(g => g.Key, g => (g.Last().Free, g.Last().Locked), StringComparer.Ordinal);
        return [.. first.Keys.Union(second.Keys).Where(a => first.GetValueOrDefault(a) != second.GetValueOrDefault(a))];
    }

    /// <summary>The audit reason's exchange part: the balance, what other pairs hold of it, and how the missing price was chosen.</summary>
    private static string ExchangeText(AssetView view, ReconcileFinding finding)
    {
        var others = view.OthersHeld == 0m ? string.Empty : $", of which the ledger's other pairs hold {DecimalText.Format(view.OthersHeld)}";
        var price = view.LastPrice is { } last
            ? $"spot balances carry no price: opened at the last price {DecimalText.Format(last)}"
            : finding.Local is { } l
                ? $"spot balances carry no price: booked at the ledger's average entry {DecimalText.Format(l.EntryPrice)} (no PnL invented)"
                : "spot balances carry no price";
        return $"exchange balance {DecimalText.Format(view.Free + view.Locked)} {view.Asset} (free {DecimalText.Format(view.Free)}, locked {DecimalText.Format(view.Locked)}){others}; {price}";
    }

    /// <param name="OthersHeld">What the ledger holds of the asset outside the pair the difference is booked on.</param>
    /// <param name="LastPrice">The pair's last price when an opening needed one.</param>
    private sealed record AssetView(string Asset, decimal Free, decimal Locked, decimal OthersHeld, decimal? LastPrice);
}
