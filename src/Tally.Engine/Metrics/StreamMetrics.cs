using System.Diagnostics.Metrics;
using Tally.Engine.Dispatch;
using Tally.Engine.Service;

namespace Tally.Engine.Metrics;

/// <summary>
/// The user-data streams' instruments on the <c>Tally</c> meter, fed by each <see cref="AccountRunner"/>:
/// <c>tradeengine_stream_connected{venue,account}</c> (1 while a stream is open: catching up or live, else 0) and
/// <c>tradeengine_stream_reconnects_total{venue,account}</c> (connections after an account's first).
/// </summary>
public sealed class StreamMetrics
{
    private readonly Gauge<int> _connected;
    private readonly Counter<long> _reconnects;

    /// <param name="meters">The host's factory; null creates a meter of its own.</param>
    public StreamMetrics(IMeterFactory? meters = null)
    {
        var meter = Meter = meters?.Create(DispatchMetrics.MeterName) ?? new Meter(DispatchMetrics.MeterName);
        _connected = meter.CreateGauge<int>("tradeengine_stream_connected", description: "1 while the account's user-data stream is open (catching up or live), else 0.");
        _reconnects = meter.CreateCounter<long>("tradeengine_stream_reconnects_total", description: "User-data stream connections after the account's first, whatever the cause.");
    }

    /// <summary>The meter its instruments are on.</summary>
    public Meter Meter { get; }

    /// <summary>The account's runner changed state.</summary>
    public void State(string venue, string account, AccountState state)
    {
        var connected = state switch
        {
            AccountState.CatchingUp or AccountState.Live => 1,
            AccountState.Starting or AccountState.WaitingForSymbols or AccountState.Connecting or AccountState.Retrying or AccountState.Stopped => 0,
        };
        _connected.Record(connected, Tags(venue, account));
    }

    /// <summary>A stream connection opened: the first of the account's life counts 0 (so the series exists), later ones 1.</summary>
    public void Connection(string venue, string account, bool first) => _reconnects.Add(first ? 0 : 1, Tags(venue, account));

    private static ReadOnlySpan<KeyValuePair<string, object?>> Tags(string venue, string account) =>
        new KeyValuePair<string, object?>[] { new("venue", venue), new("account", account) };
}
