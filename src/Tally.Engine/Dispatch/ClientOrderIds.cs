using System.Globalization;
using System.Text.RegularExpressions;

namespace Tally.Engine.Dispatch;

/// <summary>
/// Client order ids unique per engine instance: <c>t-&lt;instance&gt;-&lt;counter&gt;</c>, within Binance's
/// <c>^[.A-Z:/a-z0-9_-]{1,36}$</c>. The counter continues after the highest one the store already holds, so a
/// restarted engine never reuses an id.
/// </summary>
public sealed partial class ClientOrderIds
{
    private readonly string _prefix;
    private long _counter;

    /// <param name="instance">1–14 of <c>[A-Za-z0-9_]</c> (with a 19-digit counter the id stays within 36 characters).</param>
    /// <param name="used">Client order ids already stored (every intent of the account).</param>
    public ClientOrderIds(string instance, IEnumerable<string> used)
    {
        ArgumentNullException.ThrowIfNull(used);
        if (!IsValidInstance(instance))
        {
            throw new ArgumentException("The instance name must be 1–14 of A–Z, a–z, 0–9 and _.", nameof(instance));
        }

        _prefix = $"t-{instance}-";
        foreach (var id in used)
        {
            if (id.StartsWith(_prefix, StringComparison.Ordinal) &&
                long.TryParse(id.AsSpan(_prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > _counter)
            {
                _counter = n;
            }
        }
    }

    public static bool IsValidInstance(string? instance) => instance is not null && Instance().IsMatch(instance);

    /// <summary>The next id; thread safe.</summary>
    public string Next() => _prefix + Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z0-9_]{1,14}$")]
    private static partial Regex Instance();
}
