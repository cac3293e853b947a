using Tally.Core.Reconciliation;

namespace Tally.Engine.Reconciliation;

/// <summary>What <see cref="Reconciler"/> reconciles: one USD-M account, and where its back-fill starts.</summary>
public sealed record ReconcileOptions
{
    /// <summary>How often <c>tally run</c> reconciles when the account config does not say (<c>reconcile_every</c>).</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(15);

    /// <summary>The venue name fills are stored under.</summary>
    public string Venue { get; init; } = TradeSyncOptions.DefaultVenue;

    /// <summary>The account name fills are stored under.</summary>
    public required string Account { get; init; }

    /// <summary>Symbols back-filled besides those either side holds (null: none).</summary>
    public IReadOnlyList<string>? Symbols { get; init; }

    /// <summary>Where a symbol without a checkpoint starts its back-fill.</summary>
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>Rows per userTrades page (1…1000).</summary>
    public int PageLimit { get; init; } = 1000;

    /// <summary>The rules' tolerance.</summary>
    public ReconcileSettings Settings { get; init; } = new();
}
