using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tally.Exchanges.Binance.Client;

namespace Tally.Engine.Reconciliation;

/// <summary>
/// One account's reconciler (USD-M <see cref="Reconciler"/> or spot <see cref="SpotReconciler"/>) inside <c>tally run</c>: waits for the account's first
/// <see cref="Trigger"/> (the runner went live, so the first back-fill is done), reconciles, then again every
/// <see cref="Every"/> and at every later trigger (a reconnect). A failed pass (REST past the client's retries) is
/// logged and tried again at the next one; the account's follower is not disturbed.
/// </summary>
public sealed class ReconcileService : BackgroundService
{
    private readonly IReconciler _reconciler;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _venue;
    private readonly string _account;
    private readonly Channel<bool> _triggers = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public ReconcileService(IReconciler reconciler, string venue, string account, TimeSpan every, TimeProvider time, ILogger<ReconcileService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(reconciler);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(every, TimeSpan.Zero);
        _reconciler = reconciler;
        _venue = venue;
        _account = account;
        Every = every;
        _time = time;
        _logger = logger ?? NullLogger<ReconcileService>.Instance;
    }

    /// <summary>The interval between passes.</summary>
    public TimeSpan Every { get; }

    /// <summary>Called on the service's task after each pass, with its report (null when it failed).</summary>
    public Action<ReconcileReport?>? PassCompleted { get; init; }

    /// <summary>Asks for a pass now (coalesced with one already asked for); the first one starts the schedule.</summary>
    public void Trigger() => _triggers.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _triggers.Reader.ReadAsync(stoppingToken);
            while (true)
            {
                await PassAsync(stoppingToken);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var timer = Task.Delay(Every, _time, wait.Token);
                var trigger = _triggers.Reader.WaitToReadAsync(wait.Token).AsTask();
                await Task.WhenAny(timer, trigger);
                await wait.CancelAsync();
                stoppingToken.ThrowIfCancellationRequested();
                _triggers.Reader.TryRead(out _);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping: every correction is committed with its audit entry.
        }
    }

    private async Task PassAsync(CancellationToken cancellationToken)
    {
        ReconcileReport? report = null;
        try
        {
            report = await _reconciler.RunAsync(dryRun: false, cancellationToken);
        }
        catch (Exception e) when (e is BinanceApiException or HttpRequestException)
        {
            ReconcileLog.Failed(_logger, _venue, _account, e);
        }

        PassCompleted?.Invoke(report);
    }
}
