using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tally.Core.Signals;
using Tally.Engine.Dispatch;
using Tally.PaperExchange;

namespace Tally.Cli.Demo;

/// <summary>One symbol of the demo: its filters, the notional each entry aims at, its price feed and the strategies on it.</summary>
public sealed record DemoMarket(string Symbol, decimal TickSize, decimal StepSize, decimal Notional, DemoFeed Feed, IReadOnlyList<DemoStrategy> Strategies);

/// <summary>
/// The demo's market and its three strategies, as one hosted service of the run host: every
/// <paramref name="interval"/> each symbol's feed gives the next price, the paper exchange trades at it
/// (<see cref="PaperVenue.SetPrice(string, decimal)"/>: one trade on its tape, so the risk monitor's market stream sees
/// it and resting TP/SL orders trigger), and each strategy on the symbol may send a signal — with TP and SL — through
/// <see cref="ISignalIntake"/>, as any embedding program would. Signal ids are <c>RUN-N</c>, so a reused store never
/// mistakes a new run's signals for repeats.
/// </summary>
public sealed partial class DemoService(
    PaperVenue venue,
    ISignalIntake intake,
    IReadOnlyList<DemoMarket> markets,
    DemoOutput output,
    string venueName,
    string account,
    string run,
    TimeSpan interval,
    TimeProvider time,
    ILogger<DemoService> logger) : BackgroundService
{
    private long _signals;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await output.Started.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var market in markets)
            {
                var price = market.Feed.Next();
                venue.SetPrice(market.Symbol, price);
                foreach (var strategy in market.Strategies)
                {
                    if (strategy.OnPrice(price) is { } call)
                    {
                        await SendAsync(market, strategy, call, price, stoppingToken);
                    }
                }
            }
        }
    }

    private async Task SendAsync(DemoMarket market, DemoStrategy strategy, DemoCall call, decimal price, CancellationToken cancellationToken)
    {
        // At least the notional, in whole steps.
        var quantity = Math.Ceiling(market.Notional / price / market.StepSize) * market.StepSize;
        var signal = new Signal(
            $"{run}-{++_signals}",
            strategy.Rule.StrategyId,
            market.Symbol,
            call.Action,
            call.Confidence,
            time.GetUtcNow(),
            Quantity: quantity,
            TakeProfit: OnTick(call.TakeProfit, market.TickSize),
            StopLoss: OnTick(call.StopLoss, market.TickSize),
            Timeframe: "demo",
            Venue: venueName,
            Account: account);
        try
        {
            var receipt = await intake.SubmitAsync(signal, cancellationToken);
            if (!receipt.Decision.Accepted)
            {
                output.Line($"{signal.StrategyId} {call.Action.ToString().ToUpperInvariant()} {signal.Symbol} rejected: {receipt.Decision.Reason}");
            }
        }
        catch (ArgumentException e)
        {
            LogRefused(logger, signal.SignalId, e.Message);
        }
    }

    private static decimal OnTick(decimal price, decimal tick) => Math.Round(price / tick, MidpointRounding.ToEven) * tick;

    [LoggerMessage(Level = LogLevel.Warning, Message = "demo signal {SignalId} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string signalId, string reason);
}
