using Tally.Core;

namespace Tally.Storage.Tests;

/// <summary>Compares position states key by key with <see cref="PositionState.SameAs"/>, printing both sides as JSON on failure.</summary>
internal static class LedgerAssert
{
    public static IReadOnlyDictionary<PositionKey, PositionState> States(Ledger ledger) =>
        ledger.Positions.ToDictionary(p => p.Key, p => p.Capture());

    public static IReadOnlyDictionary<PositionKey, PositionState> States(IEnumerable<(PositionKey Key, PositionState State)> stored) =>
        stored.ToDictionary(p => p.Key, p => p.State);

    /// <summary>The ledger a fresh fold of <paramref name="fills"/> gives: the reference every stored form must equal.</summary>
    public static Ledger Fold(IEnumerable<Fill> fills, InstrumentCatalog? instruments = null)
    {
        var ledger = new Ledger(instruments);
        foreach (var fill in fills)
        {
            ledger.Apply(fill);
        }

        return ledger;
    }

    public static void Same(IReadOnlyDictionary<PositionKey, PositionState> expected, IReadOnlyDictionary<PositionKey, PositionState> actual, string what)
    {
        var problems = new List<string>();
        foreach (var key in expected.Keys.Union(actual.Keys).OrderBy(k => k.ToString(), StringComparer.Ordinal))
        {
            var (e, a) = (expected.GetValueOrDefault(key), actual.GetValueOrDefault(key));
            if (e is null || a is null)
            {
                problems.Add($"{key}: expected {(e is null ? "no position" : "a position")}, {what} has {(a is null ? "none" : "one")}");
            }
            else if (!e.SameAs(a))
            {
                problems.Add($"{key}:\n  expected {StateJson.Write(e)}\n  {what} {StateJson.Write(a)}");
            }
        }

        Assert.True(problems.Count == 0, $"{what} differs from the expected positions:\n" + string.Join("\n", problems));
    }

    public static void Same(Ledger expected, Ledger actual, string what) => Same(States(expected), States(actual), what);
}
