using System.CommandLine;
using Spectre.Console;
using Tally.Cli.Output;
using Tally.Core;
using Tally.Storage;

namespace Tally.Cli.Commands;

/// <summary><c>tally stats</c>: counts, volume, fees and win/loss figures per symbol.</summary>
public static class StatsCommand
{
    public static Command Create(CliConsole console, Option<string?> db, TimeProvider time)
    {
        var symbol = new Option<string?>("--symbol") { Description = "Only this symbol (default: every symbol in the log)." };
        var since = new Option<string?>("--since") { Description = "Only fills at or after this time (ISO-8601 or Unix ms).", HelpName = "TIME" };
        var json = CommonOptions.Json();
        var command = new Command("stats", "Trade statistics per symbol: count, volume, fees, realized PnL, win rate.") { symbol, since, json };
        command.SetAction(async (parse, ct) =>
        {
            if (!StoreAccess.TryTime(console, "--since", parse.GetValue(since), out var sinceTime))
            {
                return ExitCodes.BadInput;
            }

            var (log, exit) = await StoreAccess.OpenAsync(console, parse.GetValue(db), time, ct);
            if (log is null)
            {
                return exit;
            }

            await using (log)
            {
                var ledger = await log.SnapshotAsync(ct);
                var symbols = parse.GetValue(symbol) is { } one
                    ? [one]
                    : ledger.Positions.Select(p => p.Key.Symbol).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                var stats = new List<TradeStatistics>();
                foreach (var s in symbols)
                {
                    if (!ledger.Positions.Any(p => p.Key.Symbol == s) && !ledger.Instruments.TryResolve(s, out _))
                    {
                        return console.Refuse($"--symbol: \"{s}\" has no fills and no known quote asset");
                    }

                    stats.Add(await log.StatisticsAsync(s, sinceTime, ct));
                }

                if (parse.GetValue(json))
                {
                    JsonReport.Document(console, w =>
                    {
                        w.WriteStartArray("stats");
                        foreach (var s in stats)
                        {
                            StoreJson.WriteStatistics(w, s);
                        }

                        w.WriteEndArray();
                    });
                    return ExitCodes.Ok;
                }

                var table = new Table().Title("Statistics").AddColumns("symbol", "fills", "buys", "sells", "volume", "notional", "fees", "realized", "win rate", "avg win", "avg loss", "largest win", "largest loss");
                foreach (var s in stats)
                {
                    table.AddRow(
                        s.Symbol,
                        s.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        s.Buys.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        s.Sells.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        Show(s.Volume),
                        Show(s.Notional),
                        string.Join(" ", s.Fees.Select(f => $"{Show(f.Amount)} {f.Asset}")),
                        Show(s.RealizedPnl),
                        Show(s.WinRate),
                        Show(s.AverageWin),
                        Show(s.AverageLoss),
                        Show(s.LargestWin),
                        Show(s.LargestLoss));
                }

                console.Tables().Write(table);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Show(decimal? value) => value is { } v ? DecimalText.Format(Math.Round(v, 8)) : "-";
}
