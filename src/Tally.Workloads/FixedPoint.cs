namespace Tally.Workloads;

/// <summary>
/// Builds decimals from whole numbers of the smallest unit (cents, lots of 0.001) so no value ever passes
/// through double: <c>FromUnits(10_050, 2)</c> is exactly 100.50.
/// </summary>
internal static class FixedPoint
{
    public static decimal FromUnits(long units, byte scale)
    {
        var magnitude = units < 0 ? (ulong)-units : (ulong)units;

        // Split the 64-bit magnitude into the low and middle 32-bit words of the 96-bit mantissa.
        var lo = unchecked((int)(uint)magnitude);
        var mid = unchecked((int)(uint)(magnitude >> 32));
        return new decimal(lo, mid, 0, units < 0, scale);
    }
}
