using Microsoft.Extensions.Time.Testing;

namespace Tally.Engine.Tests;

public sealed class PingTimeoutTests
{
    [Fact]
    public async Task A_connection_whose_pings_go_unanswered_is_replaced_and_back_filled()
    {
        await using var x = await SyncFixture.StartAsync();
        await x.PlaceRandomOrdersAsync(10, seed: 81, hedge: false);
        await using var stalled = new StalledWebSocketServer();
        var connecting = 0;
        var follower = new UserDataStreamFollower(
            x.Client,
            x.Synchronizer(),
            x.Log!,
            new TradeSyncOptions { Account = SyncFixture.Account, Symbols = SyncFixture.Symbols, StartTime = SyncFixture.Start },
            stalled.StreamBase,
            new FakeTimeProvider(SyncFixture.Start))
        {
            KeepAliveInterval = Timeout.InfiniteTimeSpan,
            SilentCheckInterval = Timeout.InfiniteTimeSpan,
            ReconnectDelay = TimeSpan.Zero,
            PingInterval = TimeSpan.FromMilliseconds(100),
            PingTimeout = TimeSpan.FromMilliseconds(300),
            StatusChanged = status =>
            {
                if (status == StreamStatus.Connecting)
                {
                    Interlocked.Increment(ref connecting);
                }
            },
        };

        using var stop = new CancellationTokenSource();
        var running = follower.RunAsync(stop.Token);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Volatile.Read(ref connecting) < 3)
        {
            if (running.IsCompleted)
            {
                await running;
            }

            await Task.Delay(20, guard.Token);
        }

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.True(follower.Connections >= 2, $"connections: {follower.Connections}");
        Assert.True(stalled.Handshakes >= 2);
        Assert.Equal(10L, await x.Log!.CountFillsAsync(CancellationToken.None));
    }
}
