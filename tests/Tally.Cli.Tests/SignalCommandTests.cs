using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Tally.Api;
using Tally.Core.Signals;
using Tally.Engine.Dispatch;

namespace Tally.Cli.Tests;

/// <summary><c>tally signal</c> against the API served in-process on 127.0.0.1 (any free port).</summary>
public sealed class SignalCommandTests : IAsyncLifetime
{
    private const string Token = "cli-test-token";

    private readonly Intake _intake = new();
    private WebApplication _app = null!;
    private string _url = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddTallyApi(new ApiOptions { Port = 0, Token = Token });
        builder.Services.AddSingleton<ISignalIntake>(_intake);
        _app = builder.Build();
        _app.MapTallyApi();
        await _app.StartAsync();
        _url = _app.Addresses().Single().AbsoluteUri;
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public void An_accepted_signal_prints_its_decision_and_exits_0()
    {
        var run = Signal("--id", "s1", "--strategy", "A", "--symbol", "BTCUSDT", "--action", "buy", "--confidence", "0.7", "--quantity", "0.001", "--take-profit", "48000", "--stop-loss", "43000");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Stderr);
        Assert.Equal("s1: accepted: no conflict, order tly-s1\n", run.Stdout);
        var signal = Assert.Single(_intake.Received);
        Assert.Equal(("A", "BTCUSDT", SignalAction.Buy, 0.7m, 0.001m, 48_000m, 43_000m), (signal.StrategyId, signal.Symbol, signal.Action, signal.Confidence, signal.Quantity, signal.TakeProfit, signal.StopLoss));
    }

    [Fact]
    public void A_rejected_signal_prints_the_reason_and_the_conflict_and_exits_1()
    {
        var run = Signal("--id", "weak", "--strategy", "B", "--symbol", "BTCUSDT", "--action", "sell", "--confidence", "0.2", "--size-fraction", "0.1");

        Assert.Equal(ExitCodes.SignalRejected, run.ExitCode);
        Assert.Equal("weak: rejected: not stronger than active opposite signal s0 (0.9) (conflicts with s0)\n", run.Stdout);
    }

    [Fact]
    public void Json_prints_the_apis_answer_and_a_signal_without_id_gets_one()
    {
        var run = Signal("--strategy", "A", "--symbol", "ethusdt", "--action", "close", "--confidence", "1", "--json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(["signal_id", "decision", "reason", "conflicts_with", "client_order_id", "repeated"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.StartsWith("cli-", json.RootElement.GetProperty("signal_id").GetString(), StringComparison.Ordinal);
        Assert.Equal("ETHUSDT", Assert.Single(_intake.Received).Symbol);
    }

    [Theory]
    [InlineData(new[] { "--action", "hold", "--confidence", "0.5", "--quantity", "1" }, "--action: \"hold\" is not buy, sell or close")]
    [InlineData(new[] { "--action", "buy", "--confidence", "1.5", "--quantity", "1" }, "--confidence: \"1.5\" is not a number from 0 to 1")]
    [InlineData(new[] { "--action", "buy", "--confidence", "0.5", "--quantity", "1", "--size-fraction", "0.5" }, "--size-fraction: \"0.5\" goes with quantity: give one of them")]
    [InlineData(new[] { "--action", "buy", "--confidence", "0.5" }, "--quantity: missing: a buy or sell gives quantity or size_fraction")]
    [InlineData(new[] { "--action", "sell", "--confidence", "0.5", "--quantity", "-1" }, "--quantity: \"-1\" is not a positive number")]
    public void Bad_input_is_refused_before_sending_with_one_line_and_exit_2(string[] args, string line)
    {
        var run = Signal([.. (string[])["--strategy", "A", "--symbol", "BTCUSDT"], .. args]);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal([line], run.StderrLines);
        Assert.Empty(_intake.Received);
    }

    [Fact]
    public void A_wrong_token_is_bad_input_with_the_apis_words()
    {
        var run = TallyRun.Of("signal", "--url", _url, "--token", "wrong", "--strategy", "A", "--symbol", "BTCUSDT", "--action", "buy", "--confidence", "0.5", "--quantity", "1");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal([$"{_url}api/signals: 401: give the API token as Authorization: Bearer TOKEN"], run.StderrLines);
    }

    [Fact]
    public void An_unreachable_api_exits_3()
    {
        // A port nothing listens on: bind one, note it, let it go.
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var run = TallyRun.Of("signal", "--url", $"http://127.0.0.1:{port}/", "--token", Token, "--strategy", "A", "--symbol", "BTCUSDT", "--action", "buy", "--confidence", "0.5", "--quantity", "1");

        Assert.Equal(ExitCodes.Unreachable, run.ExitCode);
        Assert.StartsWith($"http://127.0.0.1:{port}/api/signals: unreachable: ", Assert.Single(run.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Help_states_the_exit_codes()
    {
        var run = TallyRun.Of("signal", "--help");

        Assert.Contains("0 accepted, 1 rejected, 2 bad input", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("3 no decision (unreachable", run.Stdout, StringComparison.Ordinal);
    }

    private TallyRun Signal(params string[] args) => TallyRun.Of(["signal", "--url", _url, "--token", Token, .. args]);

    /// <summary>Accepts, except a signal with confidence below 0.5, which loses to an imagined s0.</summary>
    private sealed class Intake : ISignalIntake
    {
        public ConcurrentQueue<Signal> Received { get; } = new();

        public Task<SignalReceipt> SubmitAsync(Signal signal, CancellationToken cancellationToken)
        {
            Received.Enqueue(signal);
            var decision = signal.Confidence < 0.5m ? SignalDecision.Reject("not stronger than active opposite signal s0 (0.9)", "s0") : SignalDecision.Accept("no conflict");
            return Task.FromResult(new SignalReceipt(signal, decision, false, decision.Accepted ? $"tly-{signal.SignalId}" : null, DateTimeOffset.UnixEpoch));
        }
    }
}
