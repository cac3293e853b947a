using System.Collections.Frozen;
using System.Text.Json;
using Tally.Cli.Commands;
using Tally.Cli.Risk;
using Tally.Core.Risk;
using Tally.Engine.Risk;

namespace Tally.Cli.Run;

/// <summary>
/// The <c>risk</c> section of <c>tally run</c>'s config: the rules' settings in risk.json's fields (one reader,
/// <see cref="RiskConfig"/>) plus the live monitor's own: <c>symbols</c> (watched besides those of open strategy
/// positions; default the correlation leaders), <c>market_stream_url</c> (default: the first USD-M account's
/// stream host + <c>/market/</c>), <c>spot_market_stream_url</c> (default: <c>wss://stream.binance.com:9443/</c> for
/// api.binance.com, else the first spot account's host + <c>/spot/</c>), <c>wallet_asset</c> (USDT),
/// <c>request_poll_interval</c> (2s).
/// </summary>
public static class RunRisk
{
    private static readonly FrozenSet<string> Own = FrozenSet.Create(StringComparer.Ordinal, "symbols", "market_stream_url", "spot_market_stream_url", "wallet_asset", "request_poll_interval");

    /// <summary>
    /// The rules' defaults as the live monitor starts from: <c>watch_take_profit_stop_loss</c> off, because every
    /// account the live monitor watches (USD-M) holds each strategy position's take-profit and stop-loss as
    /// conditional orders on the venue; watching the same levels on ticks as well would send a second exit when a
    /// tick reaches the level before the venue's fill is ingested, and that exit would reduce another strategy's
    /// share of the position. Setting it true in the <c>risk</c> section is still honoured.
    /// </summary>
    public static RiskSettings LiveDefaults { get; } = new() { WatchTakeProfitStopLoss = false };

    /// <summary>The monitor's settings from the config file (defaults without a <c>risk</c> section), or null with one line.</summary>
    public static RunRiskSettings? Read(string path, out string? problem)
    {
        problem = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            problem = $"{path}: {e.Message}";
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("risk", out var risk))
            {
                var defaults = new RiskMonitorOptions { Settings = LiveDefaults };
                return new RunRiskSettings(defaults with { Symbols = [.. defaults.Settings.CorrelationLeaders] }, null, "USDT");
            }

            var (settings, settingsProblem) = RiskConfig.Parse(risk, $"{path}: risk", Own, LiveDefaults);
            if (settings is null)
            {
                problem = settingsProblem;
                return null;
            }

            var options = new RiskMonitorOptions { Settings = settings, Symbols = [.. settings.CorrelationLeaders] };
            Uri? market = null;
            Uri? spotMarket = null;
            var asset = "USDT";
            foreach (var field in risk.EnumerateObject().Where(f => Own.Contains(f.Name)))
            {
                var at = $"{path}: risk.{field.Name}";
                switch (field.Name)
                {
                    case "symbols":
                        if (field.Value.ValueKind != JsonValueKind.Array || field.Value.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String || s.GetString()!.Length == 0 || !s.GetString()!.All(char.IsAsciiLetterOrDigit)))
                        {
                            problem = $"{at}: not an array of symbols such as [\"BTCUSDT\"]";
                            return null;
                        }

                        options = options with { Symbols = [.. field.Value.EnumerateArray().Select(s => s.GetString()!.ToUpperInvariant())] };
                        break;
                    case "market_stream_url":
                        if (field.Value.ValueKind != JsonValueKind.String || !Uri.TryCreate(field.Value.GetString(), UriKind.Absolute, out market) || market.Scheme is not ("ws" or "wss"))
                        {
                            problem = $"{at}: {field.Value.GetRawText()} is not a ws(s) URL";
                            return null;
                        }

                        break;
                    case "spot_market_stream_url":
                        if (field.Value.ValueKind != JsonValueKind.String || !Uri.TryCreate(field.Value.GetString(), UriKind.Absolute, out spotMarket) || spotMarket.Scheme is not ("ws" or "wss"))
                        {
                            problem = $"{at}: {field.Value.GetRawText()} is not a ws(s) URL";
                            return null;
                        }

                        break;
                    case "wallet_asset":
                        if (field.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(field.Value.GetString()))
                        {
                            problem = $"{at}: not an asset name such as \"USDT\"";
                            return null;
                        }

                        asset = field.Value.GetString()!;
                        break;
                    case "request_poll_interval":
                        if (field.Value.ValueKind != JsonValueKind.String || Durations.Parse(field.Value.GetString()!) is not { } poll || poll <= TimeSpan.Zero)
                        {
                            problem = $"{at}: not a duration such as 2s";
                            return null;
                        }

                        options = options with { RequestPollInterval = poll };
                        break;
                    default:
                        break;
                }
            }

            return new RunRiskSettings(options, market, asset, spotMarket);
        }
    }
}

/// <summary>The live risk monitor's settings from <c>tally run</c>'s config.</summary>
/// <param name="SpotMarketStreamUrl">The spot public streams' base (null: from the first spot account's REST base).</param>
public sealed record RunRiskSettings(RiskMonitorOptions Options, Uri? MarketStreamUrl, string WalletAsset, Uri? SpotMarketStreamUrl = null);
