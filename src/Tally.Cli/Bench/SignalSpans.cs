using System.Diagnostics;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Core.Signals;
using Tally.Engine.Dispatch;
using Tally.Storage;

namespace Tally.Cli.Bench;

/// <summary>
/// Stopwatch spans inside the signal path, per signal: the time spent in each kind of store and venue call the
/// dispatcher makes (summed over the calls of one signal), and the API hop before the dispatcher is reached. The
/// dispatcher runs one signal at a time, so the spans of a signal are the calls between two <see cref="Close"/>s.
/// </summary>
public sealed class SignalSpans
{
    /// <summary>The span names, in the order the path runs through them.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        ApiHop, DecisionReads, SymbolFilters, Price, SignalCommit, OrderCall, IntentUpdate,
    ];

    public const string ApiHop = "API hop (POST → dispatcher)";
    public const string DecisionReads = "decision reads (store)";
    public const string SymbolFilters = "symbol filters (exchange info)";
    public const string Price = "price for sizing (venue)";
    public const string SignalCommit = "signal + intent commit";
    public const string OrderCall = "order request → venue answer";
    public const string IntentUpdate = "intent update commit (after the wire)";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _current = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _currentCalls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TimeSpan>> _samples = Names.ToDictionary(n => n, _ => new List<TimeSpan>(), StringComparer.Ordinal);

    /// <summary>Adds the time since <paramref name="startedAt"/> (a <see cref="Stopwatch"/> timestamp) to the current signal's span.</summary>
    public void Add(string name, long startedAt)
    {
        var ticks = Stopwatch.GetTimestamp() - startedAt;
        lock (_gate)
        {
            _current[name] = _current.GetValueOrDefault(name) + ticks;
            _currentCalls[name] = _currentCalls.GetValueOrDefault(name) + 1;
        }
    }

    /// <summary>Ends the current signal: its spans become one sample each (zero for a span it did not use) when <paramref name="keep"/>.</summary>
    public void Close(bool keep)
    {
        lock (_gate)
        {
            if (keep)
            {
                foreach (var name in Names)
                {
                    _samples[name].Add(TimeSpan.FromSeconds(_current.GetValueOrDefault(name) / (double)Stopwatch.Frequency));
                    _calls[name] = _calls.GetValueOrDefault(name) + _currentCalls.GetValueOrDefault(name);
                }
            }

            _current.Clear();
            _currentCalls.Clear();
        }
    }

    /// <summary>The samples (one per kept signal) and the number of calls of each span that was used at all.</summary>
    public IReadOnlyList<(string Name, List<TimeSpan> Samples, long Calls)> Used()
    {
        lock (_gate)
        {
            return Names.Where(n => _calls.GetValueOrDefault(n) > 0).Select(n => (n, _samples[n].ToList(), _calls[n])).ToList();
        }
    }

    private async Task<T> TimeAsync<T>(string name, Func<Task<T>> call)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await call();
        }
        finally
        {
            Add(name, start);
        }
    }

    private async Task TimeAsync(string name, Func<Task> call)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await call();
        }
        finally
        {
            Add(name, start);
        }
    }

    /// <summary>The store, timed.</summary>
    public sealed class Store(IDispatchStore inner, SignalSpans spans) : IDispatchStore
    {
        public Task<StoredSignal> RecordSignalAsync(StoredSignal signal, IReadOnlyList<OrderIntent> intents, CancellationToken cancellationToken) =>
            spans.TimeAsync(SignalCommit, () => inner.RecordSignalAsync(signal, intents, cancellationToken));

        public Task SaveIntentAsync(OrderIntent intent, CancellationToken cancellationToken) =>
            spans.TimeAsync(SignalCommit, () => inner.SaveIntentAsync(intent, cancellationToken));

        public Task UpdateIntentAsync(string venue, string account, string clientOrderId, OrderIntentStatus status, string? venueOrderId, string? detail, CancellationToken cancellationToken) =>
            spans.TimeAsync(IntentUpdate, () => inner.UpdateIntentAsync(venue, account, clientOrderId, status, venueOrderId, detail, cancellationToken));

        public Task<OrderIntent?> FindIntentAsync(string venue, string account, string clientOrderId, CancellationToken cancellationToken) =>
            spans.TimeAsync(DecisionReads, () => inner.FindIntentAsync(venue, account, clientOrderId, cancellationToken));

        public Task<IReadOnlyList<OrderIntent>> FindIntentsAsync(string venue, string account, IReadOnlyCollection<string> clientOrderIds, CancellationToken cancellationToken) =>
            spans.TimeAsync(DecisionReads, () => inner.FindIntentsAsync(venue, account, clientOrderIds, cancellationToken));

        public Task<IReadOnlyList<OrderIntent>> ReadIntentsAsync(string venue, string account, IReadOnlyCollection<OrderIntentStatus>? statuses, CancellationToken cancellationToken) =>
            spans.TimeAsync(DecisionReads, () => inner.ReadIntentsAsync(venue, account, statuses, cancellationToken));

        public Task<StoredSignal?> FindSignalAsync(string venue, string account, string signalId, CancellationToken cancellationToken) =>
            spans.TimeAsync(DecisionReads, () => inner.FindSignalAsync(venue, account, signalId, cancellationToken));

        public Task<IReadOnlyList<StoredSignal>> ReadSignalsAsync(string venue, string account, string symbol, DateTimeOffset since, CancellationToken cancellationToken) =>
            spans.TimeAsync(DecisionReads, () => inner.ReadSignalsAsync(venue, account, symbol, since, cancellationToken));

        public Task<IReadOnlyList<StrategyPosition>> StrategyPositionsAsync(string venue, string account, string? symbol, bool openOnly, CancellationToken cancellationToken) =>
            spans.TimeAsync(DecisionReads, () => inner.StrategyPositionsAsync(venue, account, symbol, openOnly, cancellationToken));
    }

    /// <summary>The venue, timed.</summary>
    public sealed class Venue(IOrderVenue inner, SignalSpans spans) : IOrderVenue
    {
        public bool SupportsConditionalOrders => inner.SupportsConditionalOrders;

        public Task<PositionMode> PositionModeAsync(CancellationToken cancellationToken) => inner.PositionModeAsync(cancellationToken);

        public Task<VenueSymbol?> SymbolAsync(string symbol, CancellationToken cancellationToken) =>
            spans.TimeAsync(SymbolFilters, () => inner.SymbolAsync(symbol, cancellationToken));

        public Task<decimal> PriceAsync(string symbol, CancellationToken cancellationToken) =>
            spans.TimeAsync(Price, () => inner.PriceAsync(symbol, cancellationToken));

        public Task<decimal> AvailableBalanceAsync(string asset, CancellationToken cancellationToken) =>
            spans.TimeAsync(Price, () => inner.AvailableBalanceAsync(asset, cancellationToken));

        public Task<decimal> LeverageAsync(string symbol, CancellationToken cancellationToken) =>
            spans.TimeAsync(Price, () => inner.LeverageAsync(symbol, cancellationToken));

        public Task<VenueAnswer> PlaceAsync(OrderIntent intent, CancellationToken cancellationToken) =>
            spans.TimeAsync(OrderCall, () => inner.PlaceAsync(intent, cancellationToken));

        public Task<VenueAnswer> FindAsync(OrderIntent intent, CancellationToken cancellationToken) => inner.FindAsync(intent, cancellationToken);

        public Task<bool> CancelAsync(OrderIntent intent, CancellationToken cancellationToken) => inner.CancelAsync(intent, cancellationToken);
    }

    /// <summary>The intake, noting when the API hands a signal over (the end of the API hop, measured from <see cref="PostedAt"/>).</summary>
    public sealed class Intake(ISignalIntake inner, SignalSpans spans) : ISignalIntake
    {
        private long _postedAt;

        /// <summary>Set by the bench just before each POST.</summary>
        public long PostedAt
        {
            get => Interlocked.Read(ref _postedAt);
            set => Interlocked.Exchange(ref _postedAt, value);
        }

        public Task<SignalReceipt> SubmitAsync(Signal signal, CancellationToken cancellationToken)
        {
            spans.Add(ApiHop, PostedAt);
            return inner.SubmitAsync(signal, cancellationToken);
        }
    }
}
