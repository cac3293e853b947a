namespace Tally.PaperExchange.Spot.Wire;

/// <summary>GET /api/v3/account. Commissions in basis points, as Binance writes them (0.1 % → 10).</summary>
public sealed record SpotAccountResponse(
    int MakerCommission,
    int TakerCommission,
    int BuyerCommission,
    int SellerCommission,
    SpotCommissionRates CommissionRates,
    bool CanTrade,
    bool CanWithdraw,
    bool CanDeposit,
    bool Brokered,
    bool RequireSelfTradePrevention,
    bool PreventSor,
    long UpdateTime,
    string AccountType,
    IReadOnlyList<SpotBalanceRow> Balances,
    IReadOnlyList<string> Permissions,
    long Uid);

/// <summary>The account's fee rates as fractions (decimal strings).</summary>
public sealed record SpotCommissionRates(string Maker, string Taker, string Buyer, string Seller);

/// <summary>One asset of GET /api/v3/account.</summary>
public sealed record SpotBalanceRow(string Asset, string Free, string Locked);
