using Microsoft.Extensions.Time.Testing;

namespace Tally.Engine.Tests;

/// <summary>Moves a fake clock on by a step every 30 ms of wall time until stopped.</summary>
internal sealed class ClockPump
{
    private readonly Task _running;
    private volatile bool _stopped;

    public ClockPump(FakeTimeProvider clock, TimeSpan step)
    {
        _running = Task.Run(async () =>
        {
            while (!_stopped)
            {
                clock.Advance(step);
                await Task.Delay(30, CancellationToken.None);
            }
        });
    }

    public async Task StopAsync()
    {
        _stopped = true;
        await _running;
    }
}
