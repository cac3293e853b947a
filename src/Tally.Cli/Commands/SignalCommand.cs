using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tally.Api;
using Tally.Api.Signals;

namespace Tally.Cli.Commands;

/// <summary>
/// <c>tally signal</c>: posts one signal to a running <c>tally run</c>'s API and prints its decision. The signal is
/// checked here first with the API's own reader, so bad input never leaves the shell.
/// </summary>
public static class SignalCommand
{
    /// <summary>Where <c>tally run</c> listens unless configured otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8787/";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public static Command Create(CliConsole console, TimeProvider time)
    {
        var url = new Option<string>("--url") { Description = "The API of a running tally run.", DefaultValueFactory = _ => DefaultUrl, HelpName = "URL" };
        var token = new Option<string?>("--token") { Description = $"The API's bearer token (default: ${ApiOptions.TokenVariable}).", HelpName = "T" };
        var strategy = new Option<string>("--strategy") { Description = "The strategy the signal is for.", Required = true, HelpName = "S" };
        var symbol = new Option<string>("--symbol") { Description = "The symbol, such as BTCUSDT.", Required = true, HelpName = "X" };
        var action = new Option<string>("--action") { Description = "buy, sell, or close (the strategy's open positions on the symbol).", Required = true, HelpName = "buy|sell|close" };
        var confidence = new Option<string>("--confidence") { Description = "0–1; decides conflicts (the strictly higher wins).", Required = true, HelpName = "C" };
        var quantity = new Option<string?>("--quantity") { Description = "Base quantity (a buy or sell gives this or --size-fraction).", HelpName = "Q" };
        var fraction = new Option<string?>("--size-fraction") { Description = "Fraction of available balance × leverage, above 0 and at most 1.", HelpName = "F" };
        var price = new Option<string?>("--price") { Description = "LIMIT price (default: MARKET).", HelpName = "P" };
        var takeProfit = new Option<string?>("--take-profit") { Description = "Take-profit price.", HelpName = "P" };
        var stopLoss = new Option<string?>("--stop-loss") { Description = "Stop-loss price.", HelpName = "P" };
        var takeProfitPct = new Option<string?>("--take-profit-pct") { Description = "Take-profit as a fraction of the entry (0.05 = 5 %).", HelpName = "F" };
        var stopLossPct = new Option<string?>("--stop-loss-pct") { Description = "Stop-loss as a fraction of the entry (0.02 = 2 %).", HelpName = "F" };
        var timeframe = new Option<string?>("--timeframe") { Description = "The strategy's timeframe, kept with the signal (e.g. 1h).", HelpName = "TF" };
        var account = new Option<string?>("--account") { Description = "The account (default: the service's first).", HelpName = "NAME" };
        var venue = new Option<string?>("--venue") { Description = "The account's venue (default: the service's first account's).", HelpName = "VENUE" };
        var id = new Option<string?>("--id") { Description = "The signal id, the idempotency key: the same id again gets the first decision (default: a new one).", HelpName = "ID" };
        var json = CommonOptions.Json();
        var command = new Command(
            "signal",
            "Post one signal to a running tally run and print its decision and reason. Exit codes: 0 accepted, 1 rejected, 2 bad input (refused here or by the API, or a wrong token), 3 no decision (unreachable, rate-limited or failed).")
        {
            url, token, strategy, symbol, action, confidence, quantity, fraction, price, takeProfit, stopLoss, takeProfitPct, stopLossPct, timeframe, account, venue, id, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var request = new SignalRequest(
                parse.GetValue(id) ?? $"cli-{Guid.NewGuid():N}",
                parse.GetValue(strategy)!,
                parse.GetValue(symbol)!,
                parse.GetValue(action)!,
                parse.GetValue(confidence)!,
                parse.GetValue(quantity),
                parse.GetValue(fraction),
                parse.GetValue(price),
                parse.GetValue(takeProfit),
                parse.GetValue(stopLoss),
                parse.GetValue(takeProfitPct),
                parse.GetValue(stopLossPct),
                parse.GetValue(timeframe),
                Timestamp: null,
                parse.GetValue(venue),
                parse.GetValue(account));
            return await PostAsync(console, parse.GetValue(url)!, parse.GetValue(token) ?? Environment.GetEnvironmentVariable(ApiOptions.TokenVariable), request, parse.GetValue(json), time, ct);
        });
        return command;
    }

    private static async Task<int> PostAsync(CliConsole console, string urlText, string? token, SignalRequest request, bool json, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return console.Refuse($"--url: \"{urlText}\" is not an http(s) URL");
        }

        // The API's own reader: what it would refuse is refused here, with the same words, as --option names.
        var body = JsonSerializer.Serialize(request, ApiJsonContext.Default.SignalRequest);
        using (var parsed = JsonDocument.Parse(body))
        {
            if (SignalBody.Read(parsed.RootElement, new ApiOptions(), time.GetUtcNow(), out var problem) is null)
            {
                return console.Refuse(Optionize(problem!.Detail));
            }
        }

        var endpoint = new Uri(url.AbsolutePath.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/"), "api/signals");
        using var http = new HttpClient { Timeout = RequestTimeout };
        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (!string.IsNullOrEmpty(token))
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        HttpResponseMessage response;
        string text;
        try
        {
            response = await http.SendAsync(message, cancellationToken);
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            console.Error.WriteLine($"{endpoint}: unreachable: {e.Message}");
            return ExitCodes.Unreachable;
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.OK && Decision(text) is { } decision)
            {
                if (json)
                {
                    console.Text.WriteLine(text);
                }
                else
                {
                    var conflict = decision.ConflictsWith is null ? string.Empty : $" (conflicts with {decision.ConflictsWith})";
                    var order = decision.ClientOrderId is null ? string.Empty : $", order {decision.ClientOrderId}";
                    var repeat = decision.Repeated ? " [repeated: its first decision]" : string.Empty;
                    console.Text.WriteLine($"{decision.SignalId}: {decision.Decision}: {decision.Reason}{conflict}{order}{repeat}");
                }

                return decision.Decision == "accepted" ? ExitCodes.Ok : ExitCodes.SignalRejected;
            }

            var detail = ProblemDetail(text) ?? $"answered {(int)response.StatusCode} {response.ReasonPhrase}";
            console.Error.WriteLine($"{endpoint}: {(int)response.StatusCode}: {detail}");
            return response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized ? ExitCodes.BadInput : ExitCodes.Unreachable;
        }
    }

    private static SignalResponse? Decision(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, ApiJsonContext.Default.SignalResponse);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A problem+json body's <c>detail</c>, or null when the body is not one.</summary>
    private static string? ProblemDetail(string text)
    {
        try
        {
            using var problem = JsonDocument.Parse(text);
            return problem.RootElement.ValueKind == JsonValueKind.Object && problem.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String
                ? detail.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>"size_fraction: …" → "--size-fraction: …": the reader's field names as this command's options.</summary>
    private static string Optionize(string detail)
    {
        var colon = detail.IndexOf(':', StringComparison.Ordinal);
        var field = detail[..colon];
        var option = field switch
        {
            "signal_id" => "--id",
            "strategy_id" => "--strategy",
            _ => "--" + field.Replace('_', '-'),
        };
        return option + detail[colon..];
    }
}
