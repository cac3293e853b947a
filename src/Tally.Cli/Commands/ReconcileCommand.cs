using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tally.Cli.Output;
using Tally.Core;
using Tally.Core.Reconciliation;
using Tally.Engine;
using Tally.Engine.Reconciliation;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;

namespace Tally.Cli.Commands;

/// <summary>
/// <c>tally reconcile</c>: a Binance USD-M account's positionRisk (or, with <c>--market spot</c>, a spot account's balances
/// per base asset) against the ledger (DESIGN.md §6). REST back-fill first; what remains is corrected by audited
/// adjustment fills (price mismatches audited and shown only), or with <c>--dry-run</c> shown without writing anything.
/// Account flags as <c>tally sync</c>'s.
/// </summary>
public static class ReconcileCommand
{
    public static Command Create(CliConsole console, Option<string?> db, TimeProvider time)
    {
        var baseUrl = new Option<string>("--base-url") { Description = "REST base URL, e.g. the paper exchange's, or https://fapi.binance.com (spot: https://api.binance.com).", Required = true, HelpName = "URL" };
        var market = new Option<string>("--market") { Description = "futures (USD-M positions) or spot (balances per base asset of the account's pairs).", DefaultValueFactory = _ => "futures", HelpName = "futures|spot" };
        var venue = new Option<string?>("--venue") { Description = $"Venue name the fills are stored under (default {TradeSyncOptions.DefaultVenue}, or {SpotTradeSynchronizer.DefaultVenue} with --market spot)." };
        var account = new Option<string>("--account") { Description = "Account (bot instance) name the fills are stored under.", DefaultValueFactory = _ => "default" };
        var symbols = new Option<string?>("--symbols") { Description = "Comma-separated symbols to back-fill besides those the store or the exchange holds (spot: the account's pairs, whose base assets are compared)." };
        var since = new Option<string?>("--since") { Description = "Where a symbol with no checkpoint starts its back-fill (ISO-8601 or Unix ms; default 7 days ago).", HelpName = "TIME" };
        var tolerance = new Option<string?>("--price-tolerance")
        {
            Description = $"Relative difference of entry prices still in sync (default {DecimalText.Format(ReconcileSettings.DefaultPriceTolerance)}; Binance rounds entry prices).",
            HelpName = "FRACTION",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what differs and the corrections it would make; write nothing (no back-fill either)." };
        var credentials = new Option<FileInfo?>("--credentials")
        {
            Description = $"File with the API key and secret on two lines (mode 600). Default: ${ApiCredentials.KeyVariable} and ${ApiCredentials.SecretVariable}.",
        };
        var json = CommonOptions.Json();
        var command = new Command("reconcile", "Compare a Binance USD-M account's positions (or a spot account's balances) with the ledger after a back-fill, and correct what differs with audited adjustment fills.")
        {
            baseUrl, market, venue, account, symbols, since, tolerance, dryRun, credentials, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (!Uri.TryCreate(parse.GetValue(baseUrl), UriKind.Absolute, out var baseAddress) || (baseAddress.Scheme != Uri.UriSchemeHttp && baseAddress.Scheme != Uri.UriSchemeHttps))
            {
                return console.Refuse($"--base-url: \"{parse.GetValue(baseUrl)}\" is not an http(s) URL");
            }

            var spot = parse.GetValue(market) switch
            {
                "futures" => false,
                "spot" => true,
                _ => (bool?)null,
            };
            if (spot is null)
            {
                return console.Refuse($"--market: \"{parse.GetValue(market)}\" is not futures or spot");
            }

            if (!StoreAccess.TryTime(console, "--since", parse.GetValue(since), out var sinceTime))
            {
                return ExitCodes.BadInput;
            }

            var settings = new ReconcileSettings();
            if (parse.GetValue(tolerance) is { } toleranceText)
            {
                if (!decimal.TryParse(toleranceText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed) || parsed >= 1m)
                {
                    return console.Refuse($"--price-tolerance: \"{toleranceText}\" is not a fraction from 0 to below 1, such as 0.000001");
                }

                settings = new ReconcileSettings(parsed);
            }

            var extra = parse.GetValue(symbols)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (ApiCredentials.Load(parse.GetValue(credentials), out var problem) is not { } keys)
            {
                return console.Refuse(problem);
            }

            var (log, exit) = await StoreAccess.OpenAsync(console, parse.GetValue(db), time, ct);
            if (log is null)
            {
                return exit;
            }

            await using (log)
            {
                using var loggers = CliLogging.Create(verbose: false);
                using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
                var options = new ReconcileOptions
                {
                    Venue = parse.GetValue(venue) ?? (spot.Value ? SpotTradeSynchronizer.DefaultVenue : TradeSyncOptions.DefaultVenue),
                    Account = parse.GetValue(account)!,
                    Symbols = extra,
                    StartTime = sinceTime ?? time.GetUtcNow().AddDays(-7),
                    Settings = settings,
                };
                ReconcileReport report;
                try
                {
                    if (spot.Value)
                    {
                        var client = new BinanceSpotClient(http, keys.Key, new BinanceSigner(keys.Secret), time);
                        report = await new SpotReconciler(client, log, options, time, loggers).RunAsync(parse.GetValue(dryRun), ct);
                    }
                    else
                    {
                        var client = new BinanceFuturesClient(http, keys.Key, new BinanceSigner(keys.Secret), time);
                        await client.GetExchangeInfoLimitsAsync(ct);
                        report = await new Reconciler(client, log, options, time, loggers).RunAsync(parse.GetValue(dryRun), ct);
                    }
                }
                catch (BinanceApiException e)
                {
                    console.Error.WriteLine($"reconcile: {baseAddress} answered {e.Message}; corrections committed before it are kept");
                    return ExitCodes.Failure;
                }
                catch (HttpRequestException e)
                {
                    console.Error.WriteLine($"reconcile: cannot reach {baseAddress}: {e.Message}; corrections committed before it are kept");
                    return ExitCodes.Failure;
                }

                if (parse.GetValue(json))
                {
                    WriteJson(console, report);
                }
                else
                {
                    WriteTable(console, report);
                }

                return report.Results.Any(r => r.Correction == Correction.Refused) ? ExitCodes.Failure : ExitCodes.Ok;
            }
        });
        return command;
    }

    private static void WriteJson(CliConsole console, ReconcileReport report) => JsonReport.Document(console, w =>
    {
        w.Time("at", report.At);
        w.WriteBoolean("dry_run", report.DryRun);
        if (report.Backfill is { } backfill)
        {
            w.WriteNumber("backfilled", backfill.Stored);
        }
        else
        {
            w.WriteNull("backfilled");
        }

        w.WriteBoolean("in_sync", !report.Found.Any());
        w.WriteStartArray("moving");
        foreach (var (symbol, side) in report.Moving)
        {
            w.WriteStringValue($"{symbol}/{side.ToWireName()}");
        }

        w.WriteEndArray();
        w.WriteStartArray("keys");
        foreach (var r in report.Results)
        {
            var f = r.Finding;
            w.WriteStartObject();
            w.WriteString("venue", r.Venue);
            w.WriteString("account", r.Account);
            w.WriteString("symbol", f.Symbol);
            w.WriteString("position_side", f.PositionSide.ToWireName());
            w.WriteString("kind", f.Kind.ToWireName());
            w.WriteString("correction", r.Correction.ToWireName());
            w.WriteStartObject("before");
            w.Decimal("quantity", f.Local?.SignedQuantity ?? 0m);
            w.Decimal("entry_price", f.Local?.EntryPrice);
            w.WriteEndObject();
            w.WriteStartObject("exchange");
            w.Decimal("quantity", f.Exchange?.SignedQuantity ?? 0m);
            w.Decimal("entry_price", f.Exchange?.EntryPrice);
            w.WriteEndObject();
            w.WriteStartObject("after");
            w.Decimal("quantity", f.AfterQuantity);
            w.Decimal("entry_price", f.AfterEntryPrice);
            w.WriteEndObject();
            w.WriteStartArray("adjustments");
            for (var i = 0; i < f.Adjustments.Count; i++)
            {
                var a = f.Adjustments[i];
                w.WriteStartObject();
                w.StringOrNull("trade_id", i < r.TradeIds.Count ? r.TradeIds[i] : null);
                w.WriteString("side", a.Side.ToWireName());
                w.Decimal("quantity", a.Quantity);
                w.Decimal("price", a.Price);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.StringOrNull("problem", r.Problem);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    private static void WriteTable(CliConsole console, ReconcileReport report)
    {
        var table = new Table().Title(report.DryRun ? "Reconciliation (dry run: nothing written)" : "Reconciliation")
            .AddColumns("key", "kind", "correction")
            .AddColumn(new TableColumn("local qty").RightAligned())
            .AddColumn(new TableColumn("local entry").RightAligned())
            .AddColumn(new TableColumn("exchange qty").RightAligned())
            .AddColumn(new TableColumn("exchange entry").RightAligned())
            .AddColumn("adjustments");
        foreach (var r in report.Results)
        {
            var f = r.Finding;
            var adjustments = string.Join("; ", f.Adjustments.Select(a => $"{a.Side.ToWireName()} {Show(a.Quantity)} @ {Show(a.Price)}"));
            table.AddRow(
                new Text($"{r.Venue}/{r.Account}/{f.Symbol}/{f.PositionSide.ToWireName()}"),
                new Text(f.Kind.ToWireName()),
                new Text(r.Correction.ToWireName() + (r.Problem is { } p ? $": {p}" : "")),
                new Text(Show(f.Local?.SignedQuantity ?? 0m)),
                new Text(f.Local is { } l ? Show(l.EntryPrice) : "-"),
                new Text(Show(f.Exchange?.SignedQuantity ?? 0m)),
                new Text(f.Exchange is { } e ? Show(e.EntryPrice) : "-"),
                new Text(adjustments.Length > 0 ? adjustments : "-"));
        }

        var tables = console.Tables();
        tables.Write(table);
        var found = report.Found.Count();
        if (report.Moving.Count > 0)
        {
            tables.WriteLine($"changed on the exchange during the pass, not compared: {string.Join(", ", report.Moving.Select(m => $"{m.Symbol}/{m.PositionSide.ToWireName()}"))}");
        }

        var backfilled = report.Backfill is { } b ? $"back-filled {b.Stored} fill(s)" : "no back-fill (dry run)";
        tables.WriteLine(found == 0
            ? $"reconcile: {report.Results.Count} key(s) in sync; {backfilled}"
            : $"reconcile: {found} of {report.Results.Count} key(s) differed; {backfilled}; {(report.DryRun ? "nothing written" : "corrections audited")}");
    }

    // Tables are for reading, so long quotients are cut to 8 places; --json keeps every digit.
    private static string Show(decimal value) => DecimalText.Format(Math.Round(value, 8, MidpointRounding.ToEven));
}
