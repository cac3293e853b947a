using Microsoft.Extensions.Time.Testing;

namespace Tally.PaperExchange.Tests;

/// <summary>One paper exchange on a fake clock, with a client signed by its key. Dispose at the end of a test.</summary>
internal sealed class ExchangeFixture : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private ExchangeFixture(PaperExchangeHost host, FakeTimeProvider clock)
    {
        Host = host;
        Clock = clock;
        Client = new PaperClient(host, clock);
    }

    public PaperExchangeHost Host { get; }

    public FakeTimeProvider Clock { get; }

    public PaperClient Client { get; }

    public static async Task<ExchangeFixture> StartAsync(Action<PaperExchangeOptions>? configure = null)
    {
        var clock = new FakeTimeProvider(Start);
        var options = new PaperExchangeOptions { Seed = 42, TimeProvider = clock };
        configure?.Invoke(options);
        var host = await PaperExchangeHost.StartAsync(options, CancellationToken.None);
        return new ExchangeFixture(host, clock);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
