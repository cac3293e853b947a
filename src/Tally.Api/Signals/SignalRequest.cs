using System.Text.Json.Serialization;

namespace Tally.Api.Signals;

/// <summary>
/// The body of <c>POST /api/signals</c> as the OpenAPI document describes it, and as <c>tally signal</c> writes it.
/// Decimals are strings here (exact); the endpoint takes JSON numbers as well (see <see cref="SignalBody"/>).
/// </summary>
/// <param name="SignalId">The sender's idempotency key: the same id again gets the first decision back.</param>
/// <param name="Action">buy, sell or close.</param>
/// <param name="Confidence">0–1; decides conflicts.</param>
/// <param name="Quantity">Base quantity; a buy or sell gives it or <paramref name="SizeFraction"/>, not both.</param>
/// <param name="SizeFraction">Fraction of available balance × leverage, above 0 and at most 1.</param>
/// <param name="Price">A LIMIT price; absent for MARKET.</param>
/// <param name="TakeProfitPct">Take-profit as a fraction of the entry (0.05 = 5 %), instead of <paramref name="TakeProfit"/>.</param>
/// <param name="StopLossPct">Stop-loss as a fraction of the entry (0.02 = 2 %), instead of <paramref name="StopLoss"/>.</param>
/// <param name="Timestamp">ISO-8601 or Unix milliseconds; absent for the time it arrives.</param>
/// <param name="Venue">Absent for the service's default account's venue.</param>
/// <param name="Account">Absent for the service's default account.</param>
public sealed record SignalRequest(
    [property: JsonPropertyName("signal_id")] string SignalId,
    [property: JsonPropertyName("strategy_id")] string StrategyId,
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("confidence")] string Confidence,
    [property: JsonPropertyName("quantity")] string? Quantity = null,
    [property: JsonPropertyName("size_fraction")] string? SizeFraction = null,
    [property: JsonPropertyName("price")] string? Price = null,
    [property: JsonPropertyName("take_profit")] string? TakeProfit = null,
    [property: JsonPropertyName("stop_loss")] string? StopLoss = null,
    [property: JsonPropertyName("take_profit_pct")] string? TakeProfitPct = null,
    [property: JsonPropertyName("stop_loss_pct")] string? StopLossPct = null,
    [property: JsonPropertyName("timeframe")] string? Timeframe = null,
    [property: JsonPropertyName("timestamp")] string? Timestamp = null,
    [property: JsonPropertyName("venue")] string? Venue = null,
    [property: JsonPropertyName("account")] string? Account = null);
