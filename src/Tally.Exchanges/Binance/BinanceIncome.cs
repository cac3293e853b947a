namespace Tally.Exchanges.Binance;

/// <summary>
/// One row of USD-M <c>GET /fapi/v1/income</c>: a signed change of the futures wallet and why. Rows arrive
/// ascending by time; <see cref="TranId"/> is unique per income type, so for FUNDING_FEE it is the identity.
/// </summary>
/// <param name="Symbol">The symbol; empty for account-wide flows (transfers), never for FUNDING_FEE.</param>
/// <param name="IncomeType">The wire name (FUNDING_FEE, REALIZED_PNL, COMMISSION, TRANSFER…), kept as sent: Binance adds types.</param>
/// <param name="Income">Received (+) or paid (−), in <paramref name="Asset"/>.</param>
/// <param name="Info">Free text (<c>info</c>); null when absent.</param>
/// <param name="Time">When the flow was booked, Unix milliseconds; for funding the funding time.</param>
/// <param name="TradeId">The fill behind the flow (<c>tradeId</c>); null when absent or "" (funding has none).</param>
public sealed record BinanceIncome(
    string Symbol,
    string IncomeType,
    decimal Income,
    string Asset,
    string? Info,
    long Time,
    long TranId,
    long? TradeId)
{
    public const string FundingFee = "FUNDING_FEE";

    private const string What = "income row";

    /// <summary>Parses a whole <c>income</c> response body (a JSON array of rows).</summary>
    /// <exception cref="FormatException">The body is not an array of rows, or a row misses or garbles a field (named in the message).</exception>
    public static IReadOnlyList<BinanceIncome> ParseList(string json)
    {
        using var document = BinanceJsonObject.ParseDocument(json, What);
        return [.. BinanceJsonObject.RootArray(document.RootElement, What).Select(Read)];
    }

    /// <summary>Parses one row given as a JSON object.</summary>
    /// <exception cref="FormatException">A required field is missing or a field is malformed (named in the message).</exception>
    public static BinanceIncome Parse(string json)
    {
        using var document = BinanceJsonObject.ParseDocument(json, What);
        return Read(BinanceJsonObject.Of(document.RootElement, "", What));
    }

    internal static BinanceIncome Read(BinanceJsonObject row) => new(
        Symbol: row.OptionalString("symbol") ?? string.Empty,
        IncomeType: row.String("incomeType"),
        Income: row.Decimal("income"),
        Asset: row.String("asset"),
        Info: row.OptionalString("info"),
        Time: row.Int64("time"),
        TranId: row.Int64("tranId"),
        // Binance sends "" for flows that belong to no fill; that is "no trade", not a malformed id.
        TradeId: string.IsNullOrEmpty(row.OptionalString("tradeId")) ? null : row.Int64("tradeId"));
}
