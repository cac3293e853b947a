using System.Globalization;
using System.Text.RegularExpressions;
using Tally.Core;

namespace Tally.PaperExchange;

/// <summary>
/// The <c>--faults</c> grammar of <c>tally paper-exchange</c>: comma-separated <c>NAME=VALUE</c> items.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Rates from 0 to 1: <c>drop</c>, <c>duplicate</c>, <c>reorder</c>, <c>delay</c> (user-data events; together at most 1),
/// <c>unavailable</c> (REST 503 before execution), <c>lost-reply</c> (REST answer lost after execution); <c>market-drop</c>,
/// <c>market-duplicate</c>, <c>market-reorder</c>, <c>market-delay</c> (market-stream messages; together at most 1).</item>
/// <item>Durations, a whole number with ms, s, m or h: <c>delay-for</c> (how long a delayed event is held; default 1s),
/// <c>throttle</c> (every request answers 429 with Retry-After for that long from start), <c>clock-skew</c>
/// (signed: the server clock runs that far ahead, or behind with a minus).</item>
/// </list>
/// Example: <c>drop=0.05,delay=0.1,delay-for=2s,throttle=30s,clock-skew=-2500ms</c>.
/// </remarks>
public static partial class FaultSpec
{
    /// <summary>One line for --help.</summary>
    public const string Help =
        "Comma-separated NAME=VALUE. Rates 0..1: drop, duplicate, reorder, delay (user-data events; sum ≤ 1), " +
        "unavailable (REST 503 before execution), lost-reply (REST answer lost after execution), " +
        "market-drop, market-duplicate, market-reorder, market-delay (market-stream messages; sum ≤ 1). " +
        "Durations (N with ms|s|m|h): delay-for (hold of a delayed event, default 1s), throttle (429 storm from start), " +
        "clock-skew (signed server clock offset; clients must resync on -1021). " +
        "Example: drop=0.05,delay=0.1,delay-for=2s,throttle=30s,clock-skew=-2500ms";

    /// <summary>Applies <paramref name="spec"/> to <paramref name="options"/>; the refusal line naming the bad item, or null.</summary>
    public static string? Apply(PaperExchangeOptions options, string spec)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(spec);
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2)
            {
                return $"--faults: \"{part}\" is not NAME=VALUE";
            }

            var (name, value) = (pair[0], pair[1]);
            var problem = name switch
            {
                "drop" => Rate(part, value, r => options.StreamDropRate = r),
                "duplicate" => Rate(part, value, r => options.StreamDuplicateRate = r),
                "reorder" => Rate(part, value, r => options.StreamReorderRate = r),
                "delay" => Rate(part, value, r => options.StreamDelayRate = r),
                "unavailable" => Rate(part, value, r => options.UnavailableRate = r),
                "lost-reply" => Rate(part, value, r => options.LostReplyRate = r),
                "market-drop" => Rate(part, value, r => options.MarketDropRate = r),
                "market-duplicate" => Rate(part, value, r => options.MarketDuplicateRate = r),
                "market-reorder" => Rate(part, value, r => options.MarketReorderRate = r),
                "market-delay" => Rate(part, value, r => options.MarketDelayRate = r),
                "delay-for" => Duration(part, value, signed: false, d => options.StreamDelay = d),
                "throttle" => Duration(part, value, signed: false, d => options.ThrottleFor = d),
                "clock-skew" => Duration(part, value, signed: true, d => options.ClockSkew = d),
                _ => $"--faults: \"{name}\" is not drop, duplicate, reorder, delay, unavailable, lost-reply, market-drop, market-duplicate, market-reorder, market-delay, delay-for, throttle or clock-skew",
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>"250ms", "30s", "2m", "1h"; with <paramref name="signed"/> also "-1500ms".</summary>
    public static bool TryParseDuration(string text, bool signed, out TimeSpan duration)
    {
        duration = default;
        var match = DurationPattern().Match(text ?? string.Empty);
        if (!match.Success || (!signed && match.Groups["sign"].Success) ||
            !long.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 1_000_000_000)
        {
            return false;
        }

        var magnitude = match.Groups["unit"].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            _ => TimeSpan.FromHours(n),
        };
        duration = match.Groups["sign"].Success ? -magnitude : magnitude;
        return true;
    }

    private static string? Rate(string part, string value, Action<decimal> set)
    {
        if (!DecimalText.TryParse(value, out var rate) || rate < 0m || rate > 1m)
        {
            return $"--faults: \"{part}\" is not NAME=RATE with a rate from 0 to 1";
        }

        set(rate);
        return null;
    }

    private static string? Duration(string part, string value, bool signed, Action<TimeSpan> set)
    {
        if (!TryParseDuration(value, signed, out var duration))
        {
            return signed
                ? $"--faults: \"{part}\" is not NAME=DURATION like 500ms, 30s, 2m, 1h or -2500ms"
                : $"--faults: \"{part}\" is not NAME=DURATION like 500ms, 30s, 2m or 1h";
        }

        set(duration);
        return null;
    }

    [GeneratedRegex("^(?<sign>-)?(?<n>[0-9]+)(?<unit>ms|s|m|h)$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
