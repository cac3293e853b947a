using Tally.Core;

namespace Tally.Storage.Tests;

/// <summary>Fills for tests: one venue and account unless a test says otherwise, times in minutes after <see cref="T0"/>.</summary>
internal static class Fills
{
    public const string Venue = "binance";
    public const string Account = "main";

    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(int minute) => T0.AddMinutes(minute);

    public static Fill Buy(string tradeId, decimal quantity, decimal price, int minute, string symbol = "BTCUSDT", PositionSide positionSide = PositionSide.Both, decimal fee = 0m, string? feeAsset = null) =>
        Make(Side.Buy, tradeId, quantity, price, minute, symbol, positionSide, fee, feeAsset);

    public static Fill Sell(string tradeId, decimal quantity, decimal price, int minute, string symbol = "BTCUSDT", PositionSide positionSide = PositionSide.Both, decimal fee = 0m, string? feeAsset = null) =>
        Make(Side.Sell, tradeId, quantity, price, minute, symbol, positionSide, fee, feeAsset);

    public static Fill Make(Side side, string tradeId, decimal quantity, decimal price, int minute, string symbol = "BTCUSDT", PositionSide positionSide = PositionSide.Both, decimal fee = 0m, string? feeAsset = null) =>
        new(Venue, Account, symbol, side, positionSide, quantity, price, fee, feeAsset, tradeId, At(minute), OrderId: "o-" + tradeId);

    /// <summary>
    /// DESIGN.md §2's worked example on ETHUSDT: buy 1.0 @ 3000, buy 0.5 @ 3100, sell 0.5 @ 3200, sell 1.0 @ 3150
    /// (minutes 1 to 4). Realized +83.33… then +116.66…, 200 in all; one closed long cycle.
    /// </summary>
    public static IReadOnlyList<Fill> WorkedExample(string symbol = "ETHUSDT") =>
    [
        Buy("w1", 1.0m, 3000m, 1, symbol, fee: 1.2m),
        Buy("w2", 0.5m, 3100m, 2, symbol, fee: 0.62m),
        Sell("w3", 0.5m, 3200m, 3, symbol, fee: 0.64m),
        Sell("w4", 1.0m, 3150m, 4, symbol, fee: 1.26m),
    ];

    public static IncomingFill[] Offer(params Fill[] fills) => [.. fills.Select(f => new IncomingFill(f))];

    public static IncomingFill[] Offer(IEnumerable<Fill> fills) => [.. fills.Select(f => new IncomingFill(f))];
}
