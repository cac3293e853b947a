using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tally.Core;
using Tally.PaperExchange.Http;
using Tally.PaperExchange.Wire;

namespace Tally.PaperExchange.Apis;

/// <summary>
/// GET /fapi/v2/account and /fapi/v3/account (USER_DATA, weight 5). One USDT asset, cross margin only. Ours, as
/// for /balance and positionRisk v3: initial margin = |notional| / leverage, maintenance = MaintenanceMarginRate (0.4 %) of |notional|,
/// available = wallet + unrealized − initial margin, no open-order margin.
/// </summary>
public static class AccountInfoApi
{
    public static IEndpointRouteBuilder MapAccountInfoApi(this IEndpointRouteBuilder app, PaperVenue venue, RequestGate gate)
    {
        app.MapGet("/fapi/v3/account", async (HttpContext http, CancellationToken ct) =>
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.Signed, weight: 5, ct);
            return entry.Rejection ?? Results.Json(V3(venue), PaperJsonContext.Default.AccountV3Response);
        });

        app.MapGet("/fapi/v2/account", async (HttpContext http, CancellationToken ct) =>
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.Signed, weight: 5, ct);
            return entry.Rejection ?? Results.Json(V2(venue), PaperJsonContext.Default.AccountV2Response);
        });

        return app;
    }

    /// <summary>The account's totals now: wallet W, unrealized U, initial margin IM; available = W + U − IM.</summary>
    public static AccountFigures Figures(PaperVenue venue)
    {
        ArgumentNullException.ThrowIfNull(venue);
        var positions = venue.Positions(null);
        var wallet = venue.WalletBalance;
        var unrealized = positions.Sum(p => p.UnrealizedProfit);
        var gross = positions.Sum(p => Math.Abs(p.Notional));
        return new AccountFigures(positions, wallet, unrealized, positions.Sum(p => p.InitialMargin), gross * venue.MaintenanceMarginRate, venue.Time.GetUtcNow());
    }

    private static AccountV3Response V3(PaperVenue venue)
    {
        var f = Figures(venue);

        // As positionRisk v3: symbols with a position or an open order, every side of them.
        var active = venue.OpenOrders(null).Select(o => o.Symbol.Symbol).ToHashSet(StringComparer.Ordinal);
        active.UnionWith(f.Positions.Where(p => p.Amount != 0).Select(p => p.Symbol.Symbol));
        var rows = f.Positions.Where(p => active.Contains(p.Symbol.Symbol)).Select(p => new AccountPositionV3Row(
            p.Symbol.Symbol,
            p.PositionSide.ToWireName(),
            WireFormat.Fixed(p.Amount, p.Symbol.QuantityPrecision),
            WireFormat.Fixed(p.UnrealizedProfit, 8),
            IsolatedMargin: "0",
            WireFormat.Fixed(p.Notional, 8),
            IsolatedWallet: "0",
            WireFormat.Fixed(p.InitialMargin, 8),
            WireFormat.Fixed(Math.Abs(p.Notional) * venue.MaintenanceMarginRate, 8),
            p.UpdateTime is { } at ? WireFormat.Millis(at) : 0)).ToList();
        return new AccountV3Response(
            F(f.InitialMargin), F(f.MaintenanceMargin), F(f.Wallet), F(f.Unrealized), F(f.MarginBalance), F(f.InitialMargin), F(0m),
            F(f.Wallet), F(f.Unrealized), F(f.Available), F(f.Available), [Asset(f, marginAvailable: null)], rows);
    }

    private static AccountV2Response V2(PaperVenue venue)
    {
        var f = Figures(venue);
        var rows = f.Positions.Select(p => new AccountPositionV2Row(
            p.Symbol.Symbol,
            WireFormat.Fixed(p.InitialMargin, 8),
            WireFormat.Fixed(Math.Abs(p.Notional) * venue.MaintenanceMarginRate, 8),
            WireFormat.Fixed(p.UnrealizedProfit, 8),
            WireFormat.Fixed(p.InitialMargin, 8),
            OpenOrderInitialMargin: "0",
            p.Leverage.ToString(CultureInfo.InvariantCulture),
            Isolated: p.MarginType == MarginType.Isolated,
            WireFormat.Fixed(p.EntryPrice, 8),
            WireFormat.Fixed(p.BreakEvenPrice(venue.TakerFeeRate), 8),
            LeverageBracket.MaxNotional(p.Leverage).ToString("0", System.Globalization.CultureInfo.InvariantCulture),
            BidNotional: "0",
            AskNotional: "0",
            p.PositionSide.ToWireName(),
            WireFormat.Fixed(p.Amount, p.Symbol.QuantityPrecision),
            p.UpdateTime is { } at ? WireFormat.Millis(at) : 0)).ToList();
        return new AccountV2Response(
            FeeTier: 0, FeeBurn: false, CanTrade: true, CanDeposit: true, CanWithdraw: true, UpdateTime: 0, MultiAssetsMargin: false, TradeGroupId: -1,
            F(f.InitialMargin), F(f.MaintenanceMargin), F(f.Wallet), F(f.Unrealized), F(f.MarginBalance), F(f.InitialMargin), F(0m),
            F(f.Wallet), F(f.Unrealized), F(f.Available), F(f.Available), [Asset(f, marginAvailable: true)], rows);
    }

    private static AccountAssetRow Asset(AccountFigures f, bool? marginAvailable) => new(
        "USDT", F(f.Wallet), F(f.Unrealized), F(f.MarginBalance), F(f.MaintenanceMargin), F(f.InitialMargin), F(f.InitialMargin), F(0m),
        F(f.Wallet), F(f.Unrealized), F(f.Available), F(f.Available), marginAvailable, WireFormat.Millis(f.At));

    private static string F(decimal value) => WireFormat.Fixed(value, 8);
}

/// <summary>The account's totals at one moment (cross margin, one USDT asset).</summary>
public sealed record AccountFigures(
    IReadOnlyList<PositionSnapshot> Positions,
    decimal Wallet,
    decimal Unrealized,
    decimal InitialMargin,
    decimal MaintenanceMargin,
    DateTimeOffset At)
{
    public decimal MarginBalance => Wallet + Unrealized;

    public decimal Available => Wallet + Unrealized - InitialMargin;
}
