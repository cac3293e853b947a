using Microsoft.Extensions.Hosting;
using Tally.Engine.Service;
using Tally.Exchanges.Binance.Client;

namespace Tally.Cli.Run;

/// <summary>The run's state lines and exit code, shared by every account's service.</summary>
public sealed class RunOutcome(CliConsole console, int accounts)
{
    private readonly Lock _output = new();
    private int _stopped;
    private int _failed;

    /// <summary>
    /// Ok when stopped by a signal; Failure when every account stopped on a refused key, or one ended on an
    /// unexpected failure (which stops the host).
    /// </summary>
    public int ExitCode => Volatile.Read(ref _failed) > 0 || Volatile.Read(ref _stopped) == accounts ? ExitCodes.Failure : ExitCodes.Ok;

    /// <summary>The line that says where the API answers (with the real port when 0 was configured).</summary>
    public void Listening(IReadOnlyList<Uri> addresses)
    {
        lock (_output)
        {
            foreach (var address in addresses)
            {
                console.Text.WriteLine($"api: listening on {address.AbsoluteUri} (OpenAPI: {new Uri(address, "openapi/v1.json").AbsoluteUri})");
            }
        }
    }

    public void State(string name, AccountState state)
    {
        lock (_output)
        {
            console.Text.WriteLine($"{name}: {state}");
        }
    }

    public void Stopped(string name, Uri baseUrl, BinanceApiException e, IHostApplicationLifetime lifetime)
    {
        lock (_output)
        {
            console.Error.WriteLine($"{name}: stopped: {baseUrl} answered {e.Message}");
        }

        // Every account stopped on a refused key: nothing is left running.
        if (Interlocked.Increment(ref _stopped) == accounts)
        {
            lifetime.StopApplication();
        }
    }

    public void Failed(string name, Exception e)
    {
        Interlocked.Increment(ref _failed);
        lock (_output)
        {
            console.Error.WriteLine($"{name}: failed: {e.Message}");
        }
    }
}
