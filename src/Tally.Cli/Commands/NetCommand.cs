using Spectre.Console;
using System.CommandLine;
using Tally.Cli.Output;
using Tally.Core;

namespace Tally.Cli.Commands;

/// <summary><c>tally net SYMBOL</c>: one symbol's net quantity across every venue, account and side.</summary>
public static class NetCommand
{
    public static Command Create(CliConsole console, Option<string?> db, TimeProvider time)
    {
        var symbol = new Argument<string>("SYMBOL") { Description = "The symbol, e.g. BTCUSDT." };
        var json = CommonOptions.Json();
        var command = new Command("net", "Net position of a symbol across venues and accounts.") { symbol, json };
        command.SetAction(async (parse, ct) =>
        {
            var (log, exit) = await StoreAccess.OpenAsync(console, parse.GetValue(db), time, ct);
            if (log is null)
            {
                return exit;
            }

            await using (log)
            {
                var wanted = parse.GetValue(symbol)!;
                var positions = (await log.PositionsAsync(at: null, ct)).Where(p => p.Key.Symbol == wanted).ToList();
                var net = positions.Sum(p => p.SignedQuantity);
                if (parse.GetValue(json))
                {
                    JsonReport.Document(console, w =>
                    {
                        w.WriteString("symbol", wanted);
                        w.Decimal("net_qty", net);
                        w.WriteString("side", net > 0 ? "LONG" : net < 0 ? "SHORT" : "FLAT");
                        JsonReport.WritePositions(w, positions, _ => null);
                    });
                }
                else
                {
                    var tables = console.Tables();
                    tables.Write(TableReport.PositionsTable(positions, _ => null));
                    tables.WriteLine($"{wanted} net {DecimalText.Format(net)} across {positions.Count(p => p.IsOpen)} open positions");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
