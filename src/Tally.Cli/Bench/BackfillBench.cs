using System.Diagnostics;
using Tally.Bench;
using Tally.Engine;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.PaperExchange;
using Tally.Storage;

namespace Tally.Cli.Bench;

/// <summary>
/// Whole-process back-fill figures: a paper exchange pre-loaded with history, a fresh store, and the trade
/// synchronizer reading every symbol from scratch (7-day windows, then fromId pages of 1,000). The ceiling is what
/// the advertised REQUEST_WEIGHT per minute allows (userTrades costs 5 per 1,000 rows); the same history read
/// with the limit lifted shows how fast Tally itself is, i.e. how much of the gap is the exchange's rule.
/// </summary>
public static class BackfillBench
{
    /// <summary>userTrades weight on Binance USD-M (binance-wire.md §4) and rows per page at most.</summary>
    public const int UserTradesWeight = 5;

    public const int RowsPerPage = 1000;

    /// <param name="Refused">Answers 429 or 418: the governor should keep this at 0.</param>
    public sealed record Row(string Name, int WeightLimit, long Trades, TimeSpan Elapsed, int Requests, int Refused, double CeilingTradesPerSecond)
    {
        public double TradesPerSecond => Trades / Elapsed.TotalSeconds;

        public double RatioToCeiling => TradesPerSecond / CeilingTradesPerSecond;
    }

    /// <summary>Trades per second the weight limit allows when every request is a full userTrades page.</summary>
    public static double Ceiling(int weightPerMinute) => weightPerMinute / (double)UserTradesWeight * RowsPerPage / 60.0;

    /// <param name="unthrottledLimit">The weight limit of the second run; 0 skips it.</param>
    public static async Task<IReadOnlyList<Row>> RunAsync(string db, int trades, int weightLimit, int unthrottledLimit, Action<string> progress, CancellationToken cancellationToken)
    {
        var rows = new List<Row>
        {
            await MeasureAsync("advertised limit", db, trades, weightLimit, weightLimit, progress, cancellationToken),
        };
        if (unthrottledLimit > 0)
        {
            rows.Add(await MeasureAsync("limit lifted", db, trades, unthrottledLimit, weightLimit, progress, cancellationToken));
        }

        return rows;
    }

    private static async Task<Row> MeasureAsync(string name, string db, int trades, int limit, int advertised, Action<string> progress, CancellationToken cancellationToken)
    {
        progress($"{name}: pre-loading {trades:N0} trades into a paper exchange with REQUEST_WEIGHT {limit:N0}/min");
        await using var exchange = await PaperExchangeHost.StartAsync(
            new PaperExchangeOptions { Seed = 11, HistoricalTrades = trades, RequestWeightPerMinute = limit, Funding = false, Liquidation = false },
            cancellationToken);
        await using var scratch = await ScratchStore.CreateAsync(db, "tally_bench", cancellationToken);
        await using var log = await FillLog.OpenAsync(await scratch.OpenAsync(cancellationToken), TimeProvider.System, cancellationToken);
        using var counter = new RequestCounter();
        using var http = new HttpClient(counter) { BaseAddress = exchange.BaseAddress, Timeout = TimeSpan.FromMinutes(1) };
        var client = new BinanceFuturesClient(http, exchange.ApiKey, new BinanceSigner(exchange.ApiSecret), TimeProvider.System);
        await client.GetExchangeInfoLimitsAsync(cancellationToken);
        var options = new TradeSyncOptions
        {
            Account = "bench",
            Symbols = [.. exchange.Venue.Symbols.Select(s => s.Symbol)],
            StartTime = DateTimeOffset.UtcNow - new PaperExchangeOptions().HistorySpan - TimeSpan.FromDays(1),
            PageLimit = RowsPerPage,
        };
        var synchronizer = new TradeSynchronizer(client, log, options, TimeProvider.System);

        progress($"{name}: back-filling");
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reporting = ReportAsync(log, name, trades, progress, done.Token);
        var clock = Stopwatch.StartNew();
        var report = await synchronizer.BackfillAsync(cancellationToken);
        clock.Stop();
        await done.CancelAsync();
        await reporting;
        if (report.Stored != trades)
        {
            throw new InvalidOperationException($"{name}: stored {report.Stored:N0} of {trades:N0} trades");
        }

        return new Row(name, limit, report.Stored, clock.Elapsed, counter.Requests, counter.Refused, Ceiling(advertised));
    }

    /// <summary>A rate line every few seconds, read from the store (which is what counts).</summary>
    private static async Task ReportAsync(FillLog log, string name, int trades, Action<string> progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
                var stored = await log.CountFillsAsync(cancellationToken);
                progress($"{name}: {stored:N0} of {trades:N0} stored, {stored / clock.Elapsed.TotalSeconds:N0} trades/s");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The back-fill is over.
        }
    }

    /// <summary>Counts the requests the client really sent (retries and window probes included) and the rate-limit refusals.</summary>
    private sealed class RequestCounter() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _requests;
        private int _refused;

        public int Requests => Volatile.Read(ref _requests);

        public int Refused => Volatile.Read(ref _refused);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests || (int)response.StatusCode == 418)
            {
                Interlocked.Increment(ref _refused);
            }

            return response;
        }
    }
}
