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
        var command = new Command("paper-exchange", "Run a simulated Binance USD-M futures exchange on 127.0.0.1 (REST + user-data WebSocket) until Ctrl+C.")
        {
            port, seed, apiKey, apiSecret, mode, weight, faults,
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
            };
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
                console.Text.WriteLine("Ctrl+C stops it.");
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
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
}
