using System.Globalization;

namespace Tally.Cli.Commands;

/// <summary>Durations as users type them: a whole number followed by <c>ms</c>, <c>s</c>, <c>m</c> or <c>h</c> (300s, 5m, 1h, 250ms).</summary>
public static class Durations
{
    public static TimeSpan? Parse(string text)
    {
        var trimmed = text.Trim().ToLowerInvariant();
        var (number, unit) = trimmed.EndsWith("ms", StringComparison.Ordinal) ? (trimmed[..^2], "ms")
            : trimmed.Length > 0 && "smh".Contains(trimmed[^1], StringComparison.Ordinal) ? (trimmed[..^1], trimmed[^1..])
            : (trimmed, string.Empty);
        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0 || n > 1_000_000_000)
        {
            return null;
        }

        return unit switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            _ => null,
        };
    }
}
