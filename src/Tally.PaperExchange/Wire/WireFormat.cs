using System.Globalization;
using Tally.Core;

namespace Tally.PaperExchange.Wire;

/// <summary>How numbers are written on the wire: decimals as invariant strings, times as ms since epoch.</summary>
public static class WireFormat
{
    /// <summary>Fixed places, rounded half to even: Fixed(1.875m, 8) → "1.87500000".</summary>
    public static string Fixed(decimal value, int places) =>
        Math.Round(value, places, MidpointRounding.ToEven).ToString("F" + places.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>Shortest exact form: 2779.00 → "2779", 0.0050 → "0.005".</summary>
    public static string Plain(decimal value) => DecimalText.Format(value);

    /// <summary>Realized PnL and commissions: 8 places, but a zero is written "0" as Binance does.</summary>
    public static string Amount(decimal value)
    {
        var rounded = Math.Round(value, 8, MidpointRounding.ToEven);
        return rounded == 0 ? "0" : Fixed(rounded, 8);
    }

    public static long Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();
}
