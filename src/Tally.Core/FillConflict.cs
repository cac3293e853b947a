namespace Tally.Core;

/// <summary>
/// Decides whether a fill arriving under an identity already stored is the same fill again or a different
/// one. Only what the venue reports about the execution counts; fields one source lacks (REST trades carry
/// no client order id, a CSV export may carry no order id) are compared only when both sides have them.
/// </summary>
public static class FillConflict
{
    /// <summary>Null when <paramref name="incoming"/> is the stored fill again; otherwise what differs.</summary>
    public static string? Describe(in Fill stored, in Fill incoming, Instrument instrument)
    {
        var differences = new List<string>();
        Compare("side", stored.Side.ToWireName(), incoming.Side.ToWireName());
        Compare("position_side", stored.PositionSide.ToWireName(), incoming.PositionSide.ToWireName());
        CompareDecimal("qty", stored.Quantity, incoming.Quantity);
        CompareDecimal("price", stored.Price, incoming.Price);
        CompareDecimal("fee", stored.Fee, incoming.Fee);
        Compare("fee_asset", stored.FeeAsset ?? instrument.SettlementAsset, incoming.FeeAsset ?? instrument.SettlementAsset);
        if (stored.Timestamp is { } a && incoming.Timestamp is { } b && a != b)
        {
            differences.Add($"ts {a.ToUnixTimeMilliseconds()} vs {b.ToUnixTimeMilliseconds()}");
        }

        if (stored.OrderId is not null && incoming.OrderId is not null)
        {
            Compare("order_id", stored.OrderId, incoming.OrderId);
        }

        if (stored.ClientOrderId is not null && incoming.ClientOrderId is not null)
        {
            Compare("client_order_id", stored.ClientOrderId, incoming.ClientOrderId);
        }

        return differences.Count == 0 ? null : "conflicting duplicate: " + string.Join("; ", differences);

        void Compare(string field, string left, string right)
        {
            if (!string.Equals(left, right, StringComparison.Ordinal))
            {
                differences.Add($"{field} {left} vs {right}");
            }
        }

        void CompareDecimal(string field, decimal left, decimal right)
        {
            if (left != right)
            {
                differences.Add($"{field} {DecimalText.Format(left)} vs {DecimalText.Format(right)}");
            }
        }
    }
}
