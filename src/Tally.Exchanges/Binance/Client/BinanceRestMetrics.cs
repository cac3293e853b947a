using System.Diagnostics.Metrics;

namespace Tally.Exchanges.Binance.Client;

/// <summary>
/// One account's REST client instruments on the <c>Tally</c> meter: <c>tradeengine_rest_weight_used{venue,account}</c>,
/// the request weight the exchange says this IP used in the current minute (each answer's
/// <c>X-MBX-USED-WEIGHT-1M</c>), beside <c>tradeengine_rest_weight_limit</c> once exchangeInfo gave the limit.
/// </summary>
public sealed class BinanceRestMetrics
{
    /// <summary>The meter every Tally instrument is on.</summary>
    public const string MeterName = "Tally";

    private readonly Gauge<int> _used;
    private readonly Gauge<int> _limit;
    private readonly KeyValuePair<string, object?>[] _tags;

    /// <param name="meters">The host's factory; null creates a meter of its own.</param>
    public BinanceRestMetrics(string venue, string account, IMeterFactory? meters = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(venue);
        ArgumentException.ThrowIfNullOrEmpty(account);
        var meter = Meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _used = meter.CreateGauge<int>("tradeengine_rest_weight_used", description: "Request weight used in the current minute, as the exchange's X-MBX-USED-WEIGHT-1M header last said.");
        _limit = meter.CreateGauge<int>("tradeengine_rest_weight_limit", description: "Request weight allowed per minute (exchangeInfo's REQUEST_WEIGHT limit).");
        _tags = [new("venue", venue), new("account", account)];
    }

    /// <summary>The meter its instruments are on.</summary>
    public Meter Meter { get; }

    /// <summary>An answer carried <c>X-MBX-USED-WEIGHT-1M</c>.</summary>
    public void WeightUsed(int weight) => _used.Record(weight, _tags);

    /// <summary>exchangeInfo published the REQUEST_WEIGHT per minute.</summary>
    public void WeightLimit(int limit) => _limit.Record(limit, _tags);
}
