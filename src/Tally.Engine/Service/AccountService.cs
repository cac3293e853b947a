using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tally.Exchanges.Binance.Client;

namespace Tally.Engine.Service;

/// <summary>
/// One configured account as a hosted service: runs its <see cref="AccountRunner"/> until the host stops. A
/// refused key ends this account only (<see cref="Stopped"/> is told, the others go on); any other failure
/// is logged and rethrown, and the host stops.
/// </summary>
public sealed class AccountService : BackgroundService
{
    private readonly AccountRunner _runner;
    private readonly ILogger _logger;

    public AccountService(AccountRunner runner, ILogger<AccountService> logger)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(logger);
        _runner = runner;
        _logger = logger;
    }

    /// <summary>Called (on the service's task) when the venue refused the key; the account is not tried again.</summary>
    public Action<BinanceApiException>? Stopped { get; init; }

    /// <summary>Called (on the service's task) when the account ended on an unexpected failure, before the host stops.</summary>
    public Action<Exception>? Failed { get; init; }

    /// <summary>The runner, for its state and health.</summary>
    public AccountRunner Runner => _runner;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _runner.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping: every fill acknowledged so far is committed.
        }
        catch (BinanceApiException e)
        {
            // Logged by the runner (AccountStopped); the other accounts go on.
            Stopped?.Invoke(e);
        }
        catch (Exception e)
        {
            Log.AccountFailed(_logger, _runner.Venue, _runner.Account, e);
            Failed?.Invoke(e);
            throw;
        }
    }
}
