namespace Tally.Exchanges.Binance;

/// <summary>Small text rules shared by the Binance readers.</summary>
internal static class BinanceText
{
    /// <summary>Binance sends "no value" as absent, null or "" depending on the message (<c>N</c>, <c>C</c>); all become null.</summary>
    public static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
