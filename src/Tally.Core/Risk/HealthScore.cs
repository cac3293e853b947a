namespace Tally.Core.Risk;

/// <summary>
/// The portfolio health score, 0–100 = P (today's PnL, 0–40) + Q (share not losing, 0–30) + C (concentration,
/// 0–20) + T (share still young, 0–10). Decimal, like the rest of Core's public API (the score is a ratio, but
/// the inputs are money and the bands compare exactly).
/// </summary>
public readonly record struct HealthScore(decimal Pnl, decimal Quality, decimal Concentration, decimal Time)
{
    public decimal Total => Pnl + Quality + Concentration + Time;

    public override string ToString() => $"{Total:0.##} (P {Pnl:0.##} Q {Quality:0.##} C {Concentration:0.##} T {Time:0.##})";
}
