using Tally.PaperExchange.Wire;

namespace Tally.PaperExchange.Streams;

/// <summary>User-data wire shapes of the events that move money without an ordinary fill: funding, insurance, liquidation.</summary>
public static class MoneyEventWire
{
    /// <summary>
    /// ACCOUNT_UPDATE with <c>m</c> FUNDING_FEE or INSURANCE_CLEAR: one balance row whose <c>bc</c> is the change,
    /// and no position rows (cross margin, as Binance documents for funding).
    /// </summary>
    public static AccountUpdateEvent ToWire(BalanceEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var ms = WireFormat.Millis(e.At);
        var wallet = WireFormat.Fixed(e.WalletBalance, 8);
        var reason = e.Reason switch
        {
            BalanceChangeReason.FundingFee => "FUNDING_FEE",
            BalanceChangeReason.InsuranceClear => "INSURANCE_CLEAR",
        };
        return new AccountUpdateEvent("ACCOUNT_UPDATE", ms, ms, new AccountUpdateBody(
            reason,
            [new AccountBalanceRow(e.Asset, wallet, wallet, WireFormat.Fixed(e.Change, 8))],
            []));
    }

    /// <summary>ORDER_TRADE_UPDATE of a liquidation fill: an ordinary fill's shape with x = CALCULATED and o = ot = LIQUIDATION.</summary>
    public static OrderTradeUpdateEvent ToWire(LiquidationEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var fill = UserDataStream.ToWire(new OrderEvent(e.At, e.Order, "CALCULATED", e.Trade));
        return fill with { Order = fill.Order with { OrderType = "LIQUIDATION", OriginalType = "LIQUIDATION" } };
    }
}
