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
        var time = new FakeTimeProvider(SyncFixture.Start);
        var stream = new FuturesUserDataStream(x.Client, x.Synchronizer(), stalled.StreamBase, time)
        {
            KeepAliveInterval = Timeout.InfiniteTimeSpan,
            PingInterval = TimeSpan.FromMilliseconds(100),
            PingTimeout = TimeSpan.FromMilliseconds(300),
        };
        await using var run = new FollowerProbe();
        run.Start(new UserDataFollower(stream, x.Log!, new TradeSyncOptions { Account = SyncFixture.Account, Symbols = SyncFixture.Symbols, StartTime = SyncFixture.Start }, time)
        {
            SilentCheckInterval = Timeout.InfiniteTimeSpan,
            ReconnectDelay = TimeSpan.Zero,
            StatusChanged = run.OnStatus,
        });

        // Connecting three times: the first connection and two replacements of a socket whose pings went unanswered.
        for (var i = 0; i < 3; i++)
        {
            await run.UntilStatusAsync(StreamStatus.Connecting);
        }

        await run.StopAsync();
        var follower = run.Follower;
        Assert.True(follower.Connections >= 2, $"connections: {follower.Connections}");
        Assert.True(stalled.Handshakes >= 2);
        Assert.Equal(10L, await x.Log!.CountFillsAsync(CancellationToken.None));
    }
}
