using System.Threading;
using Tally.Core;

namespace Tally.Core.Tests.Support;

/// <summary>
/// Builds fills for tests with readable defaults: venue and account "default", one-way (BOTH), fee 0 in the
/// settlement asset, a fresh trade id, and a timestamp <c>minute</c> minutes after <see cref="T0"/>.
/// </summary>
internal static class TestFills
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private static long _nextTradeId;

    public static DateTimeOffset At(int minute) => T0.AddMinutes(minute);

    public static Fill Buy(
        string symbol,
        decimal quantity,
        decimal price,
        decimal fee = 0m,
        string? feeAsset = null,
        PositionSide positionSide = PositionSide.Both,
        int minute = 0,
        decimal? feeConversionPrice = null) =>
        Make(symbol, Side.Buy, quantity, price, fee, feeAsset, positionSide, minute, feeConversionPrice);

    public static Fill Sell(
        string symbol,
        decimal quantity,
        decimal price,
        decimal fee = 0m,
        string? feeAsset = null,
        PositionSide positionSide = PositionSide.Both,
        int minute = 0,
        decimal? feeConversionPrice = null) =>
        Make(symbol, Side.Sell, quantity, price, fee, feeAsset, positionSide, minute, feeConversionPrice);

    public static Fill Make(
        string symbol,
        Side side,
        decimal quantity,
        decimal price,
        decimal fee = 0m,
        string? feeAsset = null,
        PositionSide positionSide = PositionSide.Both,
        int minute = 0,
        decimal? feeConversionPrice = null) =>
        new(
            Fill.DefaultVenue,
            Fill.DefaultAccount,
            symbol,
            side,
            positionSide,
            quantity,
            price,
            fee,
            feeAsset,
            TradeId: Interlocked.Increment(ref _nextTradeId).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Timestamp: At(minute),
            FeeConversionPrice: feeConversionPrice);

    public static PositionKey Key(string symbol, PositionSide positionSide = PositionSide.Both) =>
        new(Fill.DefaultVenue, Fill.DefaultAccount, symbol, positionSide);

    /// <summary>The amount recorded for <paramref name="asset"/>, 0 when the asset never appeared.</summary>
    public static decimal AmountOf(this IReadOnlyList<AssetAmount> amounts, string asset) =>
        amounts.Where(a => a.Asset == asset).Sum(a => a.Amount);
}
