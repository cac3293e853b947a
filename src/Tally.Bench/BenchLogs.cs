using Tally.Storage;

namespace Tally.Bench;

/// <summary>Fill logs for measurements: with the attribution layer (as <c>tally run</c> writes) or without it, to measure the layer's cost in one run.</summary>
public static class BenchLogs
{
    /// <summary>Opens a fill log over <paramref name="store"/>; <paramref name="attribution"/> false folds the ledger alone (no strategy positions, no intent look-ups).</summary>
    public static Task<FillLog> OpenAsync(IFillStore store, bool attribution, CancellationToken cancellationToken) =>
        attribution
            ? FillLog.OpenAsync(store, TimeProvider.System, cancellationToken)
            : FillLog.OpenWithoutAttributionAsync(store, TimeProvider.System, cancellationToken);
}
