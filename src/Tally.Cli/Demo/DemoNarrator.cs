using Microsoft.Extensions.Hosting;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Storage;
using Tally.Storage.Live;

namespace Tally.Cli.Demo;

/// <summary>
/// Turns the log's change feed into the demo's action lines: a strategy position opened (with its TP/SL and the
/// exchange position it joins) or closed (reason and PnL), and the risk monitor's events beyond those (health,
/// entries stopped, dumps, breaker).
/// </summary>
public sealed class DemoNarrator(FillLog log, DemoOutput output) : BackgroundService
{
    /// <summary>Risk events the position lines already tell (opened, closed, and why).</summary>
    private static readonly HashSet<string> Routine = new(StringComparer.Ordinal) { "PositionOpened", "PositionUpdated", "PositionClosed", "ForceExitRequired" };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var changes = log.Changes.Subscribe();
        try
        {
            await output.Started.WaitAsync(stoppingToken);
            await foreach (var change in changes.ReadAllAsync(stoppingToken))
            {
                foreach (var line in Lines(change))
                {
                    output.Line(line);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            log.Changes.Unsubscribe(changes);
        }
    }

    /// <summary>The lines one change is worth (none for most).</summary>
    public static IEnumerable<string> Lines(LogChange change) => change switch
    {
        FillsCommitted committed => committed.Report.Attribution.Select(Line).OfType<string>(),
        RiskJournalled journalled => journalled.Events.Where(e => !Routine.Contains(e.Type)).Select(e => $"risk: {e.Type}: {e.Detail}"),
        _ => [],
    };

    private static string? Line(AttributionChange change)
    {
        var p = change.Position;
        return change.Event switch
        {
            StrategyPositionEvent.Opened =>
                $"{p.StrategyId} opened {p.Side.ToWireName()} {Text(p.EntryQuantity)} {p.Symbol} @ {Text(p.EntryPrice)}, TP {Price(p.TakeProfitPrice)}, SL {Price(p.StopLossPrice)} ({p.ExchangePositionKey} #{p.Sequence})",
            StrategyPositionEvent.Closed =>
                $"{p.StrategyId} closed {p.Side.ToWireName()} {p.Symbol} @ {Price(p.ExitPrice)}: {p.CloseReason?.ToWireName() ?? "closed"}, PnL {Signed(p.RealizedPnl)} (net {Signed(p.NetPnl)})",
            StrategyPositionEvent.Increased or StrategyPositionEvent.Reduced => null,
        };
    }

    private static string Text(decimal value) => DecimalText.Format(value);

    private static string Price(decimal? value) => value is { } v ? DecimalText.Format(Math.Round(v, 8)) : "-";

    private static string Signed(decimal value)
    {
        var rounded = Math.Round(value, 2);
        var text = rounded.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        return rounded >= 0 ? "+" + text : text;
    }
}
