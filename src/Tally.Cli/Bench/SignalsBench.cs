using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Tally.Api;
using Tally.Api.Queries;
using Tally.Bench;
using Tally.Core;
using Tally.Core.Signals;
using Tally.Engine.Dispatch;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.PaperExchange;
using Tally.Storage;

namespace Tally.Cli.Bench;

/// <summary>
/// The signal path, in one run, from the inside out:
/// <list type="number">
/// <item>the decision rules alone (<see cref="SignalRules.Decide"/>, ten active signals on the symbol): decisions/s;</item>
/// <item>the account dispatcher on a scratch store with a venue that answers at once: signal → decision → signal and
/// intent committed → "sent" → intent updated, per signal;</item>
/// <item>end to end: <c>POST /api/signals</c> on the API (Kestrel, as <c>tally run</c> serves it) → dispatcher → a MARKET
/// order on a paper exchange, with the time from the post to the order request leaving for the exchange ("on the
/// wire"), beside a bare order round trip to the same paper exchange with the same client.</item>
/// </list>
/// Signals are buys of distinct strategies with a quantity; fills are not followed (the ingest bench measures that),
/// so no strategy position opens; the signal window is 100 ms so each decision sees a similar, small active set.
/// </summary>
public static class SignalsBench
{
    private const string Venue = "bench";
    private const string Account = "bench";
    private const string Token = "bench-token";
    private const string Symbol = "BTCUSDT";

    /// <summary>One measured step; P50/P99 are per operation (zero for the decision loop, timed as a whole).</summary>
    public sealed record Row(string Name, long Operations, TimeSpan Elapsed, TimeSpan P50, TimeSpan P99)
    {
        public double PerSecond => Operations / Elapsed.TotalSeconds;
    }

    /// <summary>Where one signal's time goes in a run: a span's calls per signal and its time per signal (summed over those calls).</summary>
    public sealed record SpanRow(string Run, string Name, double CallsPerSignal, TimeSpan Mean, TimeSpan P50, TimeSpan P99);

    public sealed record Figures(Row Decide, Row Dispatcher, Row Answer, Row ToWire, Row BareOrder, IReadOnlyList<SpanRow> Spans)
    {
        public IReadOnlyList<Row> Rows => [Decide, Dispatcher, Answer, ToWire, BareOrder];

        /// <summary>What the signal path adds before its order is on the wire, over the bare order round trip, at p50 and p99.</summary>
        public (TimeSpan P50, TimeSpan P99) Added => (ToWire.P50 - BareOrder.P50, ToWire.P99 - BareOrder.P99);
    }

    private static readonly SignalSettings Settings = new(MaxAccumulations: 1_000_000, Window: TimeSpan.FromMilliseconds(100));

    public static async Task<Figures> RunAsync(string db, int decisions, int signals, Action<string> progress, CancellationToken cancellationToken)
    {
        progress($"decision rules: {decisions:N0} decisions");
        var decide = Decide(decisions);

        progress($"dispatcher with an instant venue: {signals:N0} signals into a scratch store");
        var dispatcherSpans = new SignalSpans();
        var dispatcher = await DispatcherAsync(db, signals, dispatcherSpans, cancellationToken);

        progress($"end to end: {signals:N0} signals over HTTP to a paper exchange, then {signals:N0} bare orders");
        var endToEndSpans = new SignalSpans();
        var (answer, toWire, bare) = await EndToEndAsync(db, signals, endToEndSpans, cancellationToken);
        return new Figures(decide, dispatcher, answer, toWire, bare, [.. SpanRows("dispatcher", dispatcherSpans), .. SpanRows("end to end", endToEndSpans)]);
    }

    private static IEnumerable<SpanRow> SpanRows(string run, SignalSpans spans) =>
        spans.Used().Select(u =>
        {
            var total = u.Samples.Aggregate(TimeSpan.Zero, (sum, s) => sum + s);
            return new SpanRow(run, u.Name, u.Samples.Count == 0 ? 0 : u.Calls / (double)u.Samples.Count, u.Samples.Count == 0 ? TimeSpan.Zero : total / u.Samples.Count, Percentiles.Of(u.Samples, 50), Percentiles.Of(u.Samples, 99));
        });

    private static Row Decide(int count)
    {
        var now = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        var active = Enumerable.Range(0, 10)
            .Select(i => new Signal(string.Create(CultureInfo.InvariantCulture, $"a{i}"), string.Create(CultureInfo.InvariantCulture, $"other{i}"), Symbol, i % 3 == 0 ? SignalAction.Sell : SignalAction.Buy, 0.5m, now, 0.001m))
            .ToList();
        var signal = new Signal("x", "mine", Symbol, SignalAction.Buy, 0.7m, now, 0.001m);
        var accepted = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            accepted += SignalRules.Decide(signal, active, openOnSide: i % 4, openForStrategy: 0, Settings, RiskGate.Open).Accepted ? 1 : 0;
        }

        clock.Stop();
        if (accepted == 0)
        {
            throw new InvalidOperationException("the decision rules accepted nothing; the bench measures the wrong path");
        }

        return new Row("decision rules (Core)", count, clock.Elapsed, TimeSpan.Zero, TimeSpan.Zero);
    }

    private static async Task<Row> DispatcherAsync(string db, int count, SignalSpans spans, CancellationToken cancellationToken)
    {
        await using var scratch = await ScratchStore.CreateAsync(db, "tally_bench", cancellationToken);
        await using var log = await FillLog.OpenAsync(await scratch.OpenAsync(cancellationToken), TimeProvider.System, cancellationToken);
        using var dispatcher = new AccountDispatcher(Venue, Account, new SignalSpans.Venue(new InstantVenue(), spans), new SignalSpans.Store(new FillLogDispatchStore(log), spans), new DispatchOptions { Settings = Settings, Instance = "bench" }, TimeProvider.System, new DispatchMetrics());
        var samples = new List<TimeSpan>(count);
        for (var i = -Warmup(count); i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var receipt = await dispatcher.SubmitAsync(Buy(i, "d"), cancellationToken);
            var took = Stopwatch.GetElapsedTime(start);
            Accepted(receipt.Decision.Accepted, receipt.Decision.Reason);
            spans.Close(keep: i >= 0);
            if (i >= 0)
            {
                samples.Add(took);
            }
        }

        return Summarize("dispatcher, instant venue (store commits)", samples);
    }

    private static async Task<(Row Answer, Row ToWire, Row Bare)> EndToEndAsync(string db, int count, SignalSpans spans, CancellationToken cancellationToken)
    {
        await using var exchange = await PaperExchangeHost.StartAsync(
            new PaperExchangeOptions { Seed = 12, RequestWeightPerMinute = 10_000_000, OrdersPer10Seconds = 10_000_000, OrdersPerMinute = 10_000_000, Funding = false, Liquidation = false },
            cancellationToken);
        await using var scratch = await ScratchStore.CreateAsync(db, "tally_bench", cancellationToken);
        await using var log = await FillLog.OpenAsync(await scratch.OpenAsync(cancellationToken), TimeProvider.System, cancellationToken);
        var wire = new WireClock();
        using var toExchange = new HttpClient(wire) { BaseAddress = exchange.BaseAddress };
        var client = new BinanceFuturesClient(toExchange, exchange.ApiKey, new BinanceSigner(exchange.ApiSecret), TimeProvider.System);
        using var dispatcher = new AccountDispatcher(Venue, Account, new SignalSpans.Venue(new BinanceFuturesOrderVenue(client), spans), new SignalSpans.Store(new FillLogDispatchStore(log), spans), new DispatchOptions { Settings = Settings, Instance = "bench" }, TimeProvider.System, new DispatchMetrics());

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddLogging();
        builder.Services.AddTallyApi(new ApiOptions { Port = 0, Token = Token, WritesPerWindow = int.MaxValue, DefaultVenue = Venue, DefaultAccount = Account });
        var intake = new SignalSpans.Intake(new SignalDispatcher([dispatcher]), spans);
        builder.Services.AddSingleton<ISignalIntake>(intake);
        builder.Services.AddSingleton<IApiQueries>(new FillLogQueries(log));
        await using var api = builder.Build();
        api.MapTallyApi();
        await api.StartAsync(cancellationToken);
        try
        {
            using var http = new HttpClient { BaseAddress = api.Addresses()[0] };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            var answers = new List<TimeSpan>(count);
            var toWire = new List<TimeSpan>(count);
            for (var i = -Warmup(count); i < count; i++)
            {
                var body = string.Create(CultureInfo.InvariantCulture, $$"""{"signal_id":"e{{i}}","strategy_id":"s{{i}}","symbol":"{{Symbol}}","action":"buy","confidence":"0.5","quantity":"0.002"}""");
                var start = Stopwatch.GetTimestamp();
                intake.PostedAt = start;
                using var answer = await http.PostAsync(new Uri("api/signals", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
                var took = Stopwatch.GetElapsedTime(start);
                var text = await answer.Content.ReadAsStringAsync(cancellationToken);
                Accepted(answer.IsSuccessStatusCode && text.Contains("\"accepted\"", StringComparison.Ordinal), text);
                spans.Close(keep: i >= 0);
                if (i >= 0)
                {
                    answers.Add(took);
                    toWire.Add(Stopwatch.GetElapsedTime(start, wire.LastOrderAt));
                }
            }

            var bare = new List<TimeSpan>(count);
            for (var i = -Warmup(count); i < count; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await client.PlaceOrderAsync(new BinanceOrderRequest(Symbol, Side.Buy, BinanceOrderType.Market, 0.002m, string.Create(CultureInfo.InvariantCulture, $"bare-{i + count}")), cancellationToken);
                if (i >= 0)
                {
                    bare.Add(Stopwatch.GetElapsedTime(start));
                }
            }

            return (Summarize("POST /api/signals → answer", answers), Summarize("POST /api/signals → order on the wire", toWire), Summarize("bare order round trip (baseline)", bare));
        }
        finally
        {
            await api.StopAsync(CancellationToken.None);
        }
    }

    private static int Warmup(int count) => Math.Min(20, Math.Max(1, count / 10));

    private static Signal Buy(int i, string prefix) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{prefix}{i}"), string.Create(CultureInfo.InvariantCulture, $"s{i}"), Symbol, SignalAction.Buy, 0.5m, DateTimeOffset.UtcNow, 0.001m, Venue: Venue, Account: Account);

    private static void Accepted(bool accepted, string why)
    {
        if (!accepted)
        {
            throw new InvalidOperationException($"a bench signal was not accepted: {why}");
        }
    }

    private static Row Summarize(string name, List<TimeSpan> samples)
    {
        var total = samples.Aggregate(TimeSpan.Zero, (sum, s) => sum + s);
        return new Row(name, samples.Count, total, Percentiles.Of(samples, 50), Percentiles.Of(samples, 99));
    }

    /// <summary>Notes when the last new-order request left for the exchange (the dispatcher's requests are sequential).</summary>
    private sealed class WireClock() : DelegatingHandler(new SocketsHttpHandler())
    {
        private long _lastOrderAt;

        public long LastOrderAt => Interlocked.Read(ref _lastOrderAt);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post && request.RequestUri?.AbsolutePath == "/fapi/v1/order")
            {
                Interlocked.Exchange(ref _lastOrderAt, Stopwatch.GetTimestamp());
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>A venue that answers at once: BTCUSDT at 100, every order known and new.</summary>
    private sealed class InstantVenue : IOrderVenue
    {
        private static readonly VenueSymbol Btc = new(Symbol, "USDT", 0.1m, 0.001m, 0.001m, null);
        private long _ids;

        public bool SupportsConditionalOrders => false;

        public Task<PositionMode> PositionModeAsync(CancellationToken cancellationToken) => Task.FromResult(PositionMode.OneWay);

        public Task<VenueSymbol?> SymbolAsync(string symbol, CancellationToken cancellationToken) => Task.FromResult(symbol == Symbol ? Btc : null);

        public Task<decimal> PriceAsync(string symbol, CancellationToken cancellationToken) => Task.FromResult(100m);

        public Task<decimal> AvailableBalanceAsync(string asset, CancellationToken cancellationToken) => Task.FromResult(1_000_000m);

        public Task<decimal> LeverageAsync(string symbol, CancellationToken cancellationToken) => Task.FromResult(1m);

        public Task<VenueAnswer> PlaceAsync(OrderIntent intent, CancellationToken cancellationToken) =>
            Task.FromResult<VenueAnswer>(new VenueAnswer.Known(Interlocked.Increment(ref _ids).ToString(CultureInfo.InvariantCulture), OrderIntentStatus.Sent));

        public Task<VenueAnswer> FindAsync(OrderIntent intent, CancellationToken cancellationToken) => Task.FromResult<VenueAnswer>(new VenueAnswer.NotFound());

        public Task<bool> CancelAsync(OrderIntent intent, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
