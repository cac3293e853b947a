using System.CommandLine;
using System.Globalization;
using Tally.Core;
using Tally.Import;
using Tally.PaperExchange;

namespace Tally.Cli.Commands;

/// <summary>
/// <c>tally paper-exchange</c>: a simulated Binance USD-M futures REST API and user-data stream on
/// 127.0.0.1, until Ctrl+C. Prints its base URL and the key pair it accepts.
/// </summary>
public static class PaperExchangeCommand
{
    public static Command Create(CliConsole console)
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0: any free port).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the price walk and the generated keys; the same seed and requests give the same answers.", DefaultValueFactory = _ => 1 };
        var apiKey = new Option<string?>("--api-key") { Description = "API key to accept (default: derived from the seed)." };
        var apiSecret = new Option<string?>("--api-secret") { Description = "API secret to accept (default: derived from the seed)." };
        var mode = new Option<string>("--mode") { Description = "Starting position mode.", DefaultValueFactory = _ => "one-way", HelpName = "one-way|hedge" };
        var weight = new Option<int>("--weight-limit") { Description = "REQUEST_WEIGHT per minute before 429 (and 418 for clients that keep going).", DefaultValueFactory = _ => 2400 };
        var faults = new Option<string?>("--faults")
        {
            Description = FaultSpec.Help,
            HelpName = "SPEC",
        };
        var prices = new Option<string[]>("--prices")
        {
            Description = "Drive a symbol's price from a LEAN trade-bar file (.zip or .csv): each step moves to the next bar's close, then back and forth. Repeatable.",
            HelpName = "SYMBOL=FILE",
            AllowMultipleArgumentsPerToken = false,
        };
        var speed = new Option<string?>("--speed")
        {
            Description = "Play the --prices files back on the clock at N times their own pace (each bar one trade with its volume) instead of one step per order.",
            HelpName = "N",
        };
        var history = new Option<int>("--history") { Description = "Pre-load this many past fills over the 30 days before start, for back-fill tests.", DefaultValueFactory = _ => 0, HelpName = "N" };
        var fundingRate = new Option<string?>("--funding-rate") { Description = "One funding rate for every symbol and funding time (default: seeded rates in ±0.0005).", HelpName = "RATE" };
        var noFunding = new Option<bool>("--no-funding") { Description = "No funding fees." };
        var noLiquidation = new Option<bool>("--no-liquidation") { Description = "Never liquidate the account." };
        var walkTicks = new Option<int?>("--walk-ticks")
        {
            Description = "The seeded walk's largest step before each order, in ticks, for every symbol (default: the symbol's own, BTCUSDT 50); 0 keeps prices where /admin/price puts them.",
            HelpName = "N",
        };
        var minNotional = new Option<string?>("--min-notional")
        {
            Description = "MIN_NOTIONAL of every symbol (default: the symbol's own, BTCUSDT 100), e.g. 5 for orders as small as DESIGN §3's example.",
            HelpName = "X",
        };
        var command = new Command("paper-exchange", "Run a simulated Binance on 127.0.0.1 until Ctrl+C: USD-M futures (REST, user-data and market WebSockets) and spot (/api/v3 + WebSocket API).")
        {
            port, seed, apiKey, apiSecret, mode, weight, faults, prices, speed, history, fundingRate, noFunding, noLiquidation, walkTicks, minNotional,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (!WireNames.TryParsePositionMode(parse.GetValue(mode)!, out var positionMode))
            {
                return console.Refuse($"--mode: \"{parse.GetValue(mode)}\" is not one-way or hedge");
            }

            if ((parse.GetValue(apiKey) is null) != (parse.GetValue(apiSecret) is null))
            {
                return console.Refuse("--api-key and --api-secret go together");
            }

            var options = new PaperExchangeOptions
            {
                Port = parse.GetValue(port),
                Seed = parse.GetValue(seed),
                ApiKey = parse.GetValue(apiKey),
                ApiSecret = parse.GetValue(apiSecret),
                PositionMode = positionMode,
                RequestWeightPerMinute = parse.GetValue(weight),
                HistoricalTrades = parse.GetValue(history),
                Funding = !parse.GetValue(noFunding),
                Liquidation = !parse.GetValue(noLiquidation),
            };
            if (parse.GetValue(walkTicks) is { } ticks)
            {
                if (ticks < 0)
                {
                    return console.Refuse($"--walk-ticks: {ticks} is not 0 or more");
                }

                options.Symbols = [.. options.Symbols.Select(s => s with { MaxTicksPerStep = ticks })];
            }

            if (parse.GetValue(minNotional) is { } notionalText)
            {
                if (FieldParser.Decimal(notionalText, out var notional) is not null || notional <= 0)
                {
                    return console.Refuse($"--min-notional: \"{notionalText}\" is not a positive number");
                }

                options.Symbols = [.. options.Symbols.Select(s => s with { MinNotional = notional })];
            }

            if (parse.GetValue(fundingRate) is { } rateText)
            {
                if (FieldParser.Decimal(rateText, out var rate) is not null)
                {
                    return console.Refuse($"--funding-rate: \"{rateText}\" is not a decimal number");
                }

                options.FixedFundingRate = rate;
            }

            var (files, priceProblem) = ParsePriceFiles(parse.GetValue(prices) ?? []);
            if (priceProblem is not null)
            {
                return console.Refuse(priceProblem);
            }

            options.PriceFiles = files;
            if (parse.GetValue(speed) is { } speedText)
            {
                if (FieldParser.Decimal(speedText, out var playback) is not null || playback <= 0)
                {
                    return console.Refuse($"--speed: \"{speedText}\" is not a positive number");
                }

                if (files.Count == 0)
                {
                    return console.Refuse("--speed plays back price files: give --prices SYMBOL=FILE too");
                }

                options.PlaybackSpeed = playback;
            }

            if (parse.GetValue(faults) is { } spec && FaultSpec.Apply(options, spec) is { } problem)
            {
                return console.Refuse(problem);
            }

            PaperExchangeHost host;
            try
            {
                host = await PaperExchangeHost.StartAsync(options, ct);
            }
            catch (ArgumentException e)
            {
                return console.Refuse($"paper-exchange: {e.Message}");
            }

            await using (host)
            {
                console.Text.WriteLine($"paper exchange (Binance USD-M futures) at {host.BaseAddress}");
                console.Text.WriteLine($"api key:    {host.ApiKey}");
                console.Text.WriteLine($"api secret: {host.ApiSecret}");
                console.Text.WriteLine($"spot:       {host.BaseAddress}api/v3/ and ws://{host.BaseAddress.Authority}/ws-api/v3 (same key pair)");
                console.Text.WriteLine($"market:     ws://{host.BaseAddress.Authority}/market/stream?streams=btcusdt@aggTrade/btcusdt@markPrice@1s/btcusdt@kline_1m");
                console.Text.WriteLine("Ctrl+C stops it.");
                try
                {
                    // Funding is settled lazily by requests; on the system clock a once-a-second catch-up also
                    // sends FUNDING_FEE to a stream whose client makes no REST calls.
                    using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
                    while (await tick.WaitForNextTickAsync(ct))
                    {
                        host.Venue.CatchUp();
                    }
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C: the normal way out.
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Reads <c>SYMBOL=FILE</c> pairs; the refusal line when one is malformed or a symbol is given twice.</summary>
    private static (Dictionary<string, string> Files, string? Problem) ParsePriceFiles(string[] specs)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var pair = spec.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || pair[0].Length == 0 || pair[1].Length == 0)
            {
                return (files, $"--prices: \"{spec}\" is not SYMBOL=FILE");
            }

            if (!files.TryAdd(pair[0], pair[1]))
            {
                return (files, $"--prices: \"{pair[0]}\" is given twice");
            }
        }

        return (files, null);
    }
}
