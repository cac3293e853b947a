using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tally.Core;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.Storage;

namespace Tally.Engine;

/// <summary>
/// Brings one Binance USD-M account's funding payments (income type FUNDING_FEE) into the fill log over
/// <c>GET /fapi/v1/income</c>, for every symbol at once, resuming from the account-wide funding checkpoint
/// (kind <see cref="SyncCheckpointKind.Funding"/>, symbol <see cref="AccountWide"/>: last funding time and tranId),
/// or from <see cref="TradeSyncOptions.StartTime"/> when there is none.
/// </summary>
/// <remarks>
/// <para>
/// Reading: windows of <see cref="TradeSyncOptions.Window"/> walk forward in time, both bounds inclusive. A full
/// page moves the window's start to the time of its last row, so rows of that same millisecond are read again
/// and come back <see cref="IngestStatus.AlreadyPresent"/> (every symbol is funded at the same millisecond, and
/// a page may end among them); should a whole page share one millisecond, the next request asks for the next
/// <c>page</c> of the same window instead. The run ends at a short page of a window that reaches now. Every page
/// is one <see cref="FillLog.IngestFundingAsync(IReadOnlyList{IncomingFunding}, IReadOnlyList{SyncCheckpoint}, CancellationToken)"/>
/// transaction with the checkpoint of its last row, so the checkpoint never runs ahead of the stored payments.
/// A window without rows writes no checkpoint (there is no id to write), so an account that never paid funding
/// walks its empty windows from the start time on every run (weight 30 each).
/// </para>
/// <para>
/// Position side: income rows carry none. In one-way mode every payment is booked to BOTH. In hedge mode the
/// side follows from the sign: a payment is −signed amount × mark × rate, so with the symbol's rate r at that
/// funding time (<c>GET /fapi/v1/fundingRate</c>, the settled rate nearest the row's time within a minute,
/// cached per symbol and time) a payment of sign −sign(r) was made by a LONG and one of sign +sign(r) by a
/// SHORT. A zero rate or a zero amount moves no money and is booked to LONG. A row whose rate cannot be found,
/// or that the log refuses (a symbol it cannot resolve), is kept raw in the quarantine (source <c>funding</c>)
/// and skipped; the checkpoint moves past it (a problem row at the checkpoint's own millisecond is not
/// quarantined again by the next run).
/// </para>
/// <para>
/// The position mode is read once per run (<c>GET /fapi/v1/positionSide/dual</c>) and assumed for the whole
/// history. Binance refuses a mode change while any position is open, and a funding payment needs an open
/// position, so every payment was made in the mode that held at its time; but if the account switched modes
/// after some payments, those earlier rows are attributed with today's mode (one-way rows split into LONG/SHORT
/// by sign, or hedge rows all booked to BOTH). Such an account should be synchronized into a fresh account name.
/// </para>
/// Not thread safe: one synchronizer per account, one run at a time.
/// </remarks>
public sealed class FundingSynchronizer
{
    /// <summary>The symbol of the account-wide funding checkpoint.</summary>
    public const string AccountWide = "*";

    /// <summary>How far a settled funding time may lie from the income row's time and still be its rate.</summary>
    private static readonly TimeSpan RateTolerance = TimeSpan.FromMinutes(1);

    private readonly BinanceFuturesClient _client;
    private readonly FillLog _log;
    private readonly TradeSyncOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<(string Symbol, long Time), decimal> _rates = [];

    /// <param name="options">Venue, account, start time, page limit and window; the symbols are not used (income covers the whole account).</param>
    public FundingSynchronizer(BinanceFuturesClient client, FillLog log, TradeSyncOptions options, TimeProvider time, ILogger<FundingSynchronizer>? logger = null)
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
        _logger = logger ?? NullLogger<FundingSynchronizer>.Instance;
    }

    /// <summary>Reads every funding payment up to now, page by page, each page committed with its checkpoint.</summary>
    /// <exception cref="BinanceApiException">A call failed after the client's own retries; pages before it are kept.</exception>
    public async Task<FundingSyncReport> SyncAsync(CancellationToken cancellationToken)
    {
        var mode = await _client.GetPositionModeAsync(cancellationToken);
        var checkpoint = (await _log.ReadCheckpointsAsync(cancellationToken)).FirstOrDefault(c =>
            c.Kind == SyncCheckpointKind.Funding && c.Venue == _options.Venue && c.Account == _options.Account && c.Symbol == AccountWide);
        var progress = new Progress(mode, checkpoint?.LastTradeId, checkpoint?.LastTradeTime);
        var start = checkpoint?.LastTradeTime ?? _options.StartTime;
        int? page = null;
        while (true)
        {
            var end = start + _options.Window - TimeSpan.FromMilliseconds(1);
            var rows = await _client.GetIncomeAsync(null, BinanceIncome.FundingFee, start, end, _options.PageLimit, cancellationToken, page);
            progress.Pages++;
            if (rows.Count > 0)
            {
                await IngestAsync(progress, rows, cancellationToken);
            }

            if (rows.Count == _options.PageLimit)
            {
                var last = DateTimeOffset.FromUnixTimeMilliseconds(rows[^1].Value.Time);
                (start, page) = last > start ? (last, (int?)null) : (start, checked((page ?? 1) + 1));
                continue;
            }

            // Funding times are the exchange's: compare with its clock (ours plus the offset the client measured).
            if (end >= _time.GetUtcNow() + _client.ClockOffset)
            {
                break;
            }

            (start, page) = (end + TimeSpan.FromMilliseconds(1), null);
        }

        var report = progress.Report();
        Log.FundingSynced(_logger, _options.Venue, _options.Account, mode, report.Pages, report.Stored, report.AlreadyPresent, report.Quarantined, report.LastFundingId);
        return report;
    }

    private async Task IngestAsync(Progress progress, IReadOnlyList<BinanceRecorded<BinanceIncome>> rows, CancellationToken cancellationToken)
    {
        var batch = new List<IncomingFunding>(rows.Count);
        foreach (var row in rows)
        {
            var income = row.Value;
            var id = income.TranId.ToString(CultureInfo.InvariantCulture);
            var side = await SideOfAsync(income, progress.Mode, cancellationToken);
            var problem = income.IncomeType != BinanceIncome.FundingFee ? $"incomeType \"{income.IncomeType}\" is not {BinanceIncome.FundingFee}"
                : string.IsNullOrEmpty(income.Symbol) ? "symbol is empty"
                : side is null ? $"no funding rate of {income.Symbol} settled within {RateTolerance} of {income.Time}: position side unknown in hedge mode"
                : null;
            if (problem is not null && progress.WasReadBefore(income))
            {
                // Quarantined by the run that wrote the checkpoint; its millisecond is read again on every run.
                progress.AlreadyPresent++;
                continue;
            }

            if (problem is not null)
            {
                await _log.QuarantineRawAsync(_options.Venue, _options.Account, QuarantineEntry.FundingSource, row.Raw, problem, cancellationToken);
                Log.FundingQuarantined(_logger, _options.Venue, _options.Account, id, problem);
                progress.Quarantined++;
                continue;
            }

            batch.Add(new IncomingFunding(
                new FundingPayment(
                    _options.Venue,
                    _options.Account,
                    income.Symbol,
                    side!.Value,
                    income.Asset,
                    income.Income,
                    DateTimeOffset.FromUnixTimeMilliseconds(income.Time),
                    id),
                row.Raw));
        }

        var last = rows[^1].Value;
        var lastId = last.TranId.ToString(CultureInfo.InvariantCulture);
        var checkpoint = new SyncCheckpoint(
            _options.Venue,
            _options.Account,
            AccountWide,
            lastId,
            DateTimeOffset.FromUnixTimeMilliseconds(last.Time),
            _time.GetUtcNow(),
            SyncCheckpointKind.Funding);
        // A payment the log cannot book (a symbol it cannot resolve) comes back Rejected and quarantined in the same
        // commit, so the rest of the page still lands and the checkpoint moves past it.
        Count(progress, await _log.IngestFundingAsync(batch, [checkpoint], cancellationToken));

        progress.LastFundingId = lastId;
    }

    private void Count(Progress progress, IngestReport report)
    {
        foreach (var entry in report.Quarantined)
        {
            Log.FundingQuarantined(_logger, _options.Venue, _options.Account, entry.TradeId ?? "?", entry.Reason);
        }

        progress.Stored += report.Stored;
        progress.AlreadyPresent += report.AlreadyPresent;
        progress.Quarantined += report.QuarantinedCount + report.RejectedCount;
    }

    /// <summary>BOTH in one-way mode; in hedge mode LONG or SHORT by the payment's sign against the rate (see the class remarks); null when the rate is unknown.</summary>
    private async Task<PositionSide?> SideOfAsync(BinanceIncome income, PositionMode mode, CancellationToken cancellationToken)
    {
        if (mode == PositionMode.OneWay)
        {
            return PositionSide.Both;
        }

        if (income.Income == 0 || string.IsNullOrEmpty(income.Symbol))
        {
            return PositionSide.Long;
        }

        if (await RateAsync(income.Symbol, income.Time, cancellationToken) is not { } rate)
        {
            return null;
        }

        // A long pays a positive rate: its payment has the sign opposite to the rate's.
        return rate == 0 || Math.Sign(income.Income) == -Math.Sign(rate) ? PositionSide.Long : PositionSide.Short;
    }

    private async Task<decimal?> RateAsync(string symbol, long time, CancellationToken cancellationToken)
    {
        if (_rates.TryGetValue((symbol, time), out var cached))
        {
            return cached;
        }

        var at = DateTimeOffset.FromUnixTimeMilliseconds(time);
        var settled = await _client.GetFundingRatesAsync(symbol, at - RateTolerance, at + RateTolerance, 10, cancellationToken);
        if (settled.Where(r => r.Symbol == symbol).MinBy(r => Math.Abs(r.FundingTime - time)) is not { } nearest)
        {
            return null;
        }

        _rates[(symbol, time)] = nearest.FundingRate;
        return nearest.FundingRate;
    }

    /// <summary>Counts of one run; only this run's thread touches it.</summary>
    private sealed class Progress(PositionMode mode, string? lastFundingId, DateTimeOffset? lastFundingTime)
    {
        private readonly long? _checkpointId = long.TryParse(lastFundingId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;


        public PositionMode Mode { get; } = mode;

        public string? LastFundingId { get; set; } = lastFundingId;

        public int Pages { get; set; }

        public int Stored { get; set; }

        public int AlreadyPresent { get; set; }

        public int Quarantined { get; set; }

        /// <summary>At or before the checkpoint the run started from (tranIds grow with time).</summary>
        public bool WasReadBefore(BinanceIncome income) =>
            lastFundingTime is { } time && _checkpointId is { } id && income.Time == time.ToUnixTimeMilliseconds() && income.TranId <= id;

        public FundingSyncReport Report() => new(Mode, Pages, Stored, AlreadyPresent, Quarantined, LastFundingId);
    }
}
