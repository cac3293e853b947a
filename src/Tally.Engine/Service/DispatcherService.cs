using Microsoft.Extensions.Hosting;
using Tally.Engine.Dispatch;

namespace Tally.Engine.Service;

/// <summary>
/// One account's <see cref="AccountDispatcher"/> as a hosted service: recovers at start (pending intents looked up,
/// missing TP/SL placed), then works through the ingest reports its <see cref="AccountRunner"/> hands over, until the
/// host stops. Signals reach it through the <see cref="SignalDispatcher"/> registered as <see cref="ISignalIntake"/>.
/// </summary>
public sealed class DispatcherService(AccountDispatcher dispatcher) : BackgroundService
{
    private readonly AccountDispatcher _dispatcher = dispatcher ?? throw new ArgumentNullException(nameof(dispatcher));

    public AccountDispatcher Dispatcher => _dispatcher;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _dispatcher.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping: every intent is committed before its order is sent.
        }
    }
}
