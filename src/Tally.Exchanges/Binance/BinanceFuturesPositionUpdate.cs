using Tally.Core;

namespace Tally.Exchanges.Binance;

/// <summary>
/// One entry of <c>a.P</c> in a USD-M <c>ACCOUNT_UPDATE</c>: a (symbol, side) book whose position changed.
/// Only changed books are sent; a cross-margin FUNDING_FEE update carries none.
/// </summary>
/// <param name="PositionAmount"><c>pa</c>: signed size after the change.</param>
/// <param name="EntryPrice"><c>ep</c>; null when absent.</param>
/// <param name="BreakEvenPrice"><c>bep</c> (a JSON number on Portfolio Margin, a string elsewhere); null when absent.</param>
/// <param name="AccumulatedRealized"><c>cr</c>: realised PnL accumulated on this book, before fees; null when absent.</param>
/// <param name="UnrealizedPnl"><c>up</c>; null when absent.</param>
/// <param name="MarginType"><c>mt</c>: cross or isolated as sent; null when absent (Portfolio Margin).</param>
/// <param name="IsolatedWallet"><c>iw</c>; null when absent.</param>
/// <param name="MarginAsset"><c>ma</c> (seen live, not in the SDK model); null when absent.</param>
public sealed record BinanceFuturesPositionUpdate(
    string Symbol,
    decimal PositionAmount,
    decimal? EntryPrice,
    decimal? BreakEvenPrice,
    decimal? AccumulatedRealized,
    decimal? UnrealizedPnl,
    string? MarginType,
    decimal? IsolatedWallet,
    PositionSide PositionSide,
    string? MarginAsset)
{
    internal static BinanceFuturesPositionUpdate Read(BinanceJsonObject p) => new(
        Symbol: p.String("s"),
        PositionAmount: p.Decimal("pa"),
        EntryPrice: p.OptionalDecimal("ep"),
        BreakEvenPrice: p.OptionalDecimal("bep"),
        AccumulatedRealized: p.OptionalDecimal("cr"),
        UnrealizedPnl: p.OptionalDecimal("up"),
        MarginType: p.OptionalString("mt"),
        IsolatedWallet: p.OptionalDecimal("iw"),
        PositionSide: p.PositionSide("ps"),
        MarginAsset: p.OptionalString("ma"));
}
