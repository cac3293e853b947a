using Tally.Core;

namespace Tally.Storage;

/// <summary>Decides whether a funding payment arriving under an id already stored is the same payment again or a different one.</summary>
public static class FundingConflict
{
    /// <summary>Null when <paramref name="incoming"/> is the stored payment again; otherwise what differs.</summary>
    public static string? Describe(in FundingPayment stored, in FundingPayment incoming)
    {
        var differences = new List<string>();
        Compare("symbol", stored.Symbol, incoming.Symbol);
        Compare("position_side", stored.PositionSide.ToWireName(), incoming.PositionSide.ToWireName());
        Compare("asset", stored.Asset, incoming.Asset);
        if (stored.Amount != incoming.Amount)
        {
            differences.Add($"amount {DecimalText.Format(stored.Amount)} vs {DecimalText.Format(incoming.Amount)}");
        }

        if (stored.Time != incoming.Time)
        {
            differences.Add($"time {stored.Time.ToUnixTimeMilliseconds()} vs {incoming.Time.ToUnixTimeMilliseconds()}");
        }

        return differences.Count == 0 ? null : "conflicting duplicate funding: " + string.Join("; ", differences);

        void Compare(string field, string left, string right)
        {
            if (!string.Equals(left, right, StringComparison.Ordinal))
            {
                differences.Add($"{field} {left} vs {right}");
            }
        }
    }

    /// <summary>A compact, stable text form of a payment for quarantine payloads when no raw record exists.</summary>
    public static string Text(in FundingPayment p) =>
        $"venue={p.Venue} account={p.Account} symbol={p.Symbol} position_side={p.PositionSide.ToWireName()} funding_id={p.FundingId} " +
        $"asset={p.Asset} amount={DecimalText.Format(p.Amount)} time={p.Time.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
