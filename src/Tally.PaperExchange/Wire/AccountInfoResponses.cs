namespace Tally.PaperExchange.Wire;

/// <summary>GET /fapi/v3/account: totals, assets, and thin position rows for symbols with a position or open orders.</summary>
public sealed record AccountV3Response(
    string TotalInitialMargin,
    string TotalMaintMargin,
    string TotalWalletBalance,
    string TotalUnrealizedProfit,
    string TotalMarginBalance,
    string TotalPositionInitialMargin,
    string TotalOpenOrderInitialMargin,
    string TotalCrossWalletBalance,
    string TotalCrossUnPnl,
    string AvailableBalance,
    string MaxWithdrawAmount,
    IReadOnlyList<AccountAssetRow> Assets,
    IReadOnlyList<AccountPositionV3Row> Positions);

/// <summary>GET /fapi/v2/account: v3's totals plus account flags; every symbol and side in positions.</summary>
public sealed record AccountV2Response(
    int FeeTier,
    bool FeeBurn,
    bool CanTrade,
    bool CanDeposit,
    bool CanWithdraw,
    long UpdateTime,
    bool MultiAssetsMargin,
    long TradeGroupId,
    string TotalInitialMargin,
    string TotalMaintMargin,
    string TotalWalletBalance,
    string TotalUnrealizedProfit,
    string TotalMarginBalance,
    string TotalPositionInitialMargin,
    string TotalOpenOrderInitialMargin,
    string TotalCrossWalletBalance,
    string TotalCrossUnPnl,
    string AvailableBalance,
    string MaxWithdrawAmount,
    IReadOnlyList<AccountAssetRow> Assets,
    IReadOnlyList<AccountPositionV2Row> Positions);

/// <summary>One asset row; marginAvailable is v2 only (null, hence left out, on v3).</summary>
public sealed record AccountAssetRow(
    string Asset,
    string WalletBalance,
    string UnrealizedProfit,
    string MarginBalance,
    string MaintMargin,
    string InitialMargin,
    string PositionInitialMargin,
    string OpenOrderInitialMargin,
    string CrossWalletBalance,
    string CrossUnPnl,
    string AvailableBalance,
    string MaxWithdrawAmount,
    bool? MarginAvailable,
    long UpdateTime);

/// <summary>One v3 position row (binance-wire.md §5.2): unrealizedProfit with a lower-case r.</summary>
public sealed record AccountPositionV3Row(
    string Symbol,
    string PositionSide,
    string PositionAmt,
    string UnrealizedProfit,
    string IsolatedMargin,
    string Notional,
    string IsolatedWallet,
    string InitialMargin,
    string MaintMargin,
    long UpdateTime);

/// <summary>One v2 position row: entry and break-even prices, leverage as a string, isolated as a bool.</summary>
public sealed record AccountPositionV2Row(
    string Symbol,
    string InitialMargin,
    string MaintMargin,
    string UnrealizedProfit,
    string PositionInitialMargin,
    string OpenOrderInitialMargin,
    string Leverage,
    bool Isolated,
    string EntryPrice,
    string BreakEvenPrice,
    string MaxNotional,
    string BidNotional,
    string AskNotional,
    string PositionSide,
    string PositionAmt,
    long UpdateTime);
