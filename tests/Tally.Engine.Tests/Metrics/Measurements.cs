using System.Diagnostics.Metrics;

namespace Tally.Engine.Tests.Metrics;

/// <summary>Every measurement one meter's instruments make, caught with a <see cref="MeterListener"/>.</summary>
internal sealed class Measurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly List<(string Name, Dictionary<string, string?> Tags, double Value)> _seen = [];

    public Measurements(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == meter)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _listener.Start();
    }

    /// <summary>The sum of the measurements of <paramref name="name"/> whose tags include every "k=v" of <paramref name="tags"/>.</summary>
    public double Sum(string name, params string[] tags)
    {
        lock (_lock)
        {
            return Matching(name, tags).Sum(m => m.Value);
        }
    }

    /// <summary>How many measurements of <paramref name="name"/> match (a histogram's count).</summary>
    public int Count(string name, params string[] tags)
    {
        lock (_lock)
        {
            return Matching(name, tags).Count();
        }
    }

    /// <summary>The observable instruments read now; the latest value of <paramref name="name"/> with those tags (null if none).</summary>
    public double? Observe(string name, params string[] tags)
    {
        lock (_lock)
        {
            _seen.RemoveAll(m => m.Name == name);
        }

        _listener.RecordObservableInstruments();
        return Last(name, tags);
    }

    /// <summary>The latest value of <paramref name="name"/> with those tags (a gauge's), null if none.</summary>
    public double? Last(string name, params string[] tags)
    {
        lock (_lock)
        {
            return Matching(name, tags).Select(m => (double?)m.Value).LastOrDefault();
        }
    }

    public void Dispose() => _listener.Dispose();

    private IEnumerable<(string Name, Dictionary<string, string?> Tags, double Value)> Matching(string name, string[] tags) =>
        _seen.Where(m => m.Name == name && tags.All(t => t.Split('=', 2) is [var k, var v] && m.Tags.GetValueOrDefault(k) == v));

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value?.ToString();
        }

        lock (_lock)
        {
            _seen.Add((instrument.Name, copy, value));
        }
    }
}
