namespace Tally.Core.Reconciliation;

/// <summary>How strictly entry prices must agree.</summary>
/// <param name="PriceTolerance">
/// Relative: entry prices agree when |local − exchange| ≤ tolerance × exchange. Binance rounds the entry price it
/// reports (positionRisk prints 8 places), so the default is a tiny 1e-6 rather than 0.
/// </param>
public sealed record ReconcileSettings(decimal PriceTolerance = ReconcileSettings.DefaultPriceTolerance)
{
    public const decimal DefaultPriceTolerance = 0.000001m;
}
