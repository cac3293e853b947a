using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Tally.Api.Live;
using Tally.Core.Signals;
using Tally.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Tally.Api.Tests;

/// <summary><c>GET /api/stream</c>: server-sent events of the log's commits, read by an HTTP client as they come.</summary>
public sealed class StreamEndpointTests : IAsyncLifetime
{
    private StoreFixture _store = null!;

    public async Task InitializeAsync() => _store = await StoreFixture.OpenAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task A_fill_ingested_while_a_client_listens_arrives_as_a_fill_and_a_strategy_position_event()
    {
        await using var server = await ApiServer.StartAsync(log: _store.Log);
        await using var stream = await EventStream.OpenAsync(server);

        await _store.OpenAsync("A", "tly-a-1", "t1", 0.001m, 45_000m);

        var signal = await stream.NextEventAsync();
        var fill = await stream.NextEventAsync();
        var position = await stream.NextEventAsync();
        Assert.Equal(("signal", "s-tly-a-1", "accepted"), (signal.Name, signal.Data.Text("signal_id"), signal.Data.Text("decision")));
        Assert.Equal(("fill", "t1", "long_opened", "0.001", "45000", "default/default/BTCUSDT/LONG"), (fill.Name, fill.Data.Text("trade_id"), fill.Data.Text("action"), fill.Data.Text("signed_qty"), fill.Data.Text("avg_entry_price"), fill.Data.Text("key")));
        Assert.Equal(JsonValueKind.Null, fill.Data.GetProperty("closed_cycle").ValueKind);
        Assert.Equal(("strategy_position", "opened", "t1"), (position.Name, position.Data.Text("event"), position.Data.Text("trade_id")));
        var p = position.Data.GetProperty("strategy_position");
        Assert.Equal(("tly-a-1", "A", "open", "0.001", "45000"), (p.Text("strategy_position_id"), p.Text("strategy_id"), p.Text("status"), p.Text("open_quantity"), p.Text("entry_price")));
    }

    [Fact]
    public async Task Risk_events_the_monitor_journals_arrive_with_its_new_state()
    {
        await using var server = await ApiServer.StartAsync(log: _store.Log);
        await using var stream = await EventStream.OpenAsync(server);

        await _store.StoreRiskStateAsync(halted: true, [new StoredRiskEvent(0, ApiServer.Now, "CircuitBreakerTriggered", null, null, null, null, null, "circuit_breaker", "level 3: halt")]);

        var journalled = await stream.NextEventAsync();
        var state = await stream.NextEventAsync();
        Assert.Equal(("risk_event", "CircuitBreakerTriggered", "level 3: halt"), (journalled.Name, journalled.Data.Text("type"), journalled.Data.Text("detail")));
        Assert.Equal(("risk_state", "StopAllTrading", true), (state.Name, state.Data.Text("gate"), state.Data.GetProperty("breaker").GetProperty("halted").GetBoolean()));
    }

    [Fact]
    public async Task A_force_close_through_the_api_is_seen_as_a_risk_request()
    {
        await _store.OpenAsync("A", "tly-a-1", "t1", 0.001m, 45_000m);
        await using var server = await ApiServer.StartAsync(log: _store.Log);
        await using var stream = await EventStream.OpenAsync(server);

        Assert.Equal(202, (await server.PostAsync("/api/positions/tly-a-1/close", "")).Status);

        var request = await stream.NextEventAsync();
        Assert.Equal(("risk_request", "close", "tly-a-1"), (request.Name, request.Data.Text("kind"), request.Data.Text("target")));
    }

    [Fact]
    public async Task An_idle_stream_sends_a_heartbeat_comment_every_15_seconds()
    {
        await using var server = await ApiServer.StartAsync(log: _store.Log);
        await using var stream = await EventStream.OpenAsync(server);

        server.Time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal((": heartbeat", ""), (await stream.NextLineAsync(), await stream.NextLineAsync()));
        server.Time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal((": heartbeat", ""), (await stream.NextLineAsync(), await stream.NextLineAsync()));
    }

    [Fact]
    public async Task A_client_that_goes_is_unsubscribed()
    {
        await using var server = await ApiServer.StartAsync(log: _store.Log);
        var clients = server.Services.GetRequiredService<StreamClients>();
        var stream = await EventStream.OpenAsync(server);
        Assert.Equal(1, clients.Connected);

        await stream.DisposeAsync();

        await Wait.UntilAsync(() => clients.Connected == 0, "the stream's subscription to end");
        await _store.OpenAsync("A", "tly-a-1", "t1", 0.001m, 45_000m); // publishing to nobody is fine
        Assert.Equal(0, _store.Log.Changes.Dropped);
    }

    [Fact]
    public async Task Beyond_loopback_the_stream_needs_the_token()
    {
        await using var server = await ApiServer.StartAsync(new ApiOptions { Token = ApiServer.Token, ListenAddress = IPAddress.Any }, log: _store.Log);

        var refused = await server.GetAsync("/api/stream");
        await using var admitted = await EventStream.OpenAsync(server, ApiServer.Token);

        Assert.Equal((401, "application/problem+json"), (refused.Status, refused.ContentType));
        Assert.Equal("text/event-stream", admitted.ContentType);
    }

    [Fact]
    public async Task Without_a_store_the_stream_is_503()
    {
        await using var server = await ApiServer.StartAsync();

        Assert.Equal(503, (await server.GetAsync("/api/stream")).Status);
    }

    /// <summary>An open <c>GET /api/stream</c>, read line by line; every read gives up after 30 s.</summary>
    private sealed class EventStream : IAsyncDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly StreamReader _reader;

        private EventStream(HttpResponseMessage response, StreamReader reader)
        {
            _response = response;
            _reader = reader;
        }

        public string? ContentType => _response.Content.Headers.ContentType?.MediaType;

        /// <summary>Connects and waits for the <c>: subscribed</c> comment, so every commit after this is seen.</summary>
        public static async Task<EventStream> OpenAsync(ApiServer server, string? token = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/stream");
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var stream = new EventStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
            Assert.Equal(": subscribed", await stream.NextLineAsync());
            Assert.Equal("", await stream.NextLineAsync());
            return stream;
        }

        public async Task<string?> NextLineAsync()
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return await _reader.ReadLineAsync(deadline.Token);
        }

        /// <summary>The next event (comments skipped): its name and its data parsed.</summary>
        public async Task<(string Name, JsonElement Data)> NextEventAsync()
        {
            string? name = null;
            string? data = null;
            while (await NextLineAsync() is { } line)
            {
                if (line.Length == 0 && name is not null)
                {
                    return (name, JsonDocument.Parse(data!).RootElement);
                }

                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line["data: ".Length..];
                }
            }

            throw new InvalidOperationException("the stream ended");
        }

        public ValueTask DisposeAsync()
        {
            _reader.Dispose();
            _response.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
