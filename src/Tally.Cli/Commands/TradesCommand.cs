using System.CommandLine;
using Spectre.Console;
using Tally.Cli.Output;
using Tally.Core;

namespace Tally.Cli.Commands;

/// <summary><c>tally trades</c>: the most recent fills in the log, newest first.</summary>
public static class TradesCommand
{
    public static Command Create(CliConsole console, Option<string?> db, TimeProvider time)
    {
        var symbol = new Option<string?>("--symbol") { Description = "Only this symbol." };
        var venue = new Option<string?>("--venue") { Description = "Only this venue." };
        var limit = new Option<int>("--limit") { Description = "How many fills, newest first.", DefaultValueFactory = _ => 20 };
        var json = CommonOptions.Json();
        var command = new Command("trades", "Recent fills from the log, newest first.") { symbol, venue, limit, json };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(limit) <= 0)
            {
                return console.Refuse($"--limit: \"{parse.GetValue(limit)}\" is not a positive number");
            }

            var (log, exit) = await StoreAccess.OpenAsync(console, parse.GetValue(db), time, ct);
            if (log is null)
            {
                return exit;
            }

            await using (log)
            {
                var trades = await log.RecentTradesAsync(parse.GetValue(symbol), parse.GetValue(venue), parse.GetValue(limit), ct);
                if (parse.GetValue(json))
                {
                    JsonReport.Document(console, w =>
                    {
                        w.WriteStartArray("trades");
                        foreach (var trade in trades)
                        {
                            StoreJson.WriteTrade(w, trade);
                        }

                        w.WriteEndArray();
                    });
                    return ExitCodes.Ok;
                }

                var table = new Table().Title("Trades")
                    .AddColumns("seq", "time", "venue/account", "symbol", "trade id", "side", "pos side")
                    .AddColumn(new TableColumn("qty").RightAligned())
                    .AddColumn(new TableColumn("price").RightAligned())
                    .AddColumn("fee")
                    .AddColumns("action")
                    .AddColumn(new TableColumn("realized").RightAligned());
                foreach (var t in trades)
                {
                    var f = t.Fill;
                    table.AddRow(
                        new Text(t.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        new Text(f.Timestamp is { } ts ? JsonFields.FormatTime(ts) : "-"),
                        new Text($"{f.Venue}/{f.Account}"),
                        new Text(f.Symbol),
                        new Text(f.TradeId),
                        new Text(f.Side.ToWireName()),
                        new Text(f.PositionSide.ToWireName()),
                        new Text(DecimalText.Format(f.Quantity)),
                        new Text(DecimalText.Format(f.Price)),
                        new Text($"{DecimalText.Format(f.Fee)} {f.FeeAsset}"),
                        new Text(t.Action?.ToWireName() ?? "-"),
                        new Text(t.RealizedPnl is { } r ? DecimalText.Format(r) : "-"));
                }

                console.Tables().Write(table);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
