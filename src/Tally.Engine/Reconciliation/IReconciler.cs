namespace Tally.Engine.Reconciliation;

/// <summary>One account's reconciliation pass (<see cref="Reconciler"/>: USD-M positions; <see cref="SpotReconciler"/>: spot balances).</summary>
public interface IReconciler
{
    /// <summary>One pass. With <paramref name="dryRun"/> nothing is written: no back-fill, no adjustment, no audit.</summary>
    /// <exception cref="Exchanges.Binance.Client.BinanceApiException">A REST call failed after the client's retries; corrections committed before it are kept.</exception>
    /// <exception cref="HttpRequestException">The venue could not be reached.</exception>
    Task<ReconcileReport> RunAsync(bool dryRun, CancellationToken cancellationToken);
}
