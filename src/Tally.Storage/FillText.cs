using Tally.Core;

namespace Tally.Storage;

/// <summary>A compact, stable text form of a fill for quarantine payloads when no raw record exists.</summary>
public static class FillText
{
    public static string Describe(in Fill f) =>
        $"venue={f.Venue} account={f.Account} symbol={f.Symbol} trade_id={f.TradeId} side={f.Side.ToWireName()} position_side={f.PositionSide.ToWireName()} " +
        $"qty={DecimalText.Format(f.Quantity)} price={DecimalText.Format(f.Price)} fee={DecimalText.Format(f.Fee)} fee_asset={f.FeeAsset ?? "-"} " +
        $"ts={(f.Timestamp is { } t ? t.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) : "-")} order_id={f.OrderId ?? "-"}";
}
