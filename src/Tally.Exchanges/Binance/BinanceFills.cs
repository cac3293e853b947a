using System.Globalization;
using Tally.Core;

namespace Tally.Exchanges.Binance;

/// <summary>
/// Maps Binance fill messages onto core <see cref="Fill"/>s. The same execution seen through REST
/// (<c>userTrades</c>) and through the stream (ORDER_TRADE_UPDATE) gives the same identity — (venue,
/// account, symbol, trade id) — and the same content: side, position side, quantity, price, fee, fee asset,
/// time and order id. Only the client order id differs, because REST rows do not carry one.
/// </summary>
/// <remarks>
/// The fee keeps its sign (negative = maker rebate). Times are the execution time (<c>time</c> / <c>o.T</c>
/// / <c>T</c>), not the event time <c>E</c>. Ids become their invariant decimal text, so 19-digit order ids
/// survive intact. Venue and account are the caller's names for where the fill happened.
/// </remarks>
public static class BinanceFills
{
    /// <summary>One <c>userTrades</c> row as a fill (no client order id: REST does not send it).</summary>
    public static Fill ToFill(this BinanceUserTrade trade, string venue, string account)
    {
        ArgumentNullException.ThrowIfNull(trade);
        CheckNames(venue, account);
        return new Fill(
            Venue: venue,
            Account: account,
            Symbol: trade.Symbol,
            Side: trade.Side,
            PositionSide: trade.PositionSide,
            Quantity: trade.Quantity,
            Price: trade.Price,
            Fee: trade.Commission,
            FeeAsset: trade.CommissionAsset,
            TradeId: Text(trade.Id),
            Timestamp: DateTimeOffset.FromUnixTimeMilliseconds(trade.Time),
            OrderId: Text(trade.OrderId));
    }

    /// <summary>The fill carried by an ORDER_TRADE_UPDATE.</summary>
    /// <exception cref="InvalidOperationException">The update is not a fill (see <see cref="BinanceFuturesOrderUpdate.IsFill"/>).</exception>
    public static Fill ToFill(this BinanceUserDataEvent.OrderTradeUpdate update, string venue, string account)
    {
        ArgumentNullException.ThrowIfNull(update);
        return update.Order.ToFill(venue, account);
    }

    /// <summary>The fill carried by the order object of an ORDER_TRADE_UPDATE: <c>l</c> at <c>L</c>, fee <c>n</c> in <c>N</c>.</summary>
    /// <exception cref="InvalidOperationException">The update is not a fill (see <see cref="BinanceFuturesOrderUpdate.IsFill"/>).</exception>
    public static Fill ToFill(this BinanceFuturesOrderUpdate order, string venue, string account)
    {
        ArgumentNullException.ThrowIfNull(order);
        CheckNames(venue, account);
        if (!order.IsFill)
        {
            throw new InvalidOperationException(
                $"ORDER_TRADE_UPDATE for order {order.OrderId} is not a fill (x={order.ExecutionType}, t={order.TradeId}, l={order.LastFilledQuantity})");
        }

        return new Fill(
            Venue: venue,
            Account: account,
            Symbol: order.Symbol,
            Side: order.Side,
            PositionSide: order.PositionSide,
            Quantity: order.LastFilledQuantity,
            Price: order.LastFilledPrice,
            Fee: order.Commission,
            FeeAsset: order.CommissionAsset,
            TradeId: Text(order.TradeId),
            Timestamp: DateTimeOffset.FromUnixTimeMilliseconds(order.TradeTime),
            OrderId: Text(order.OrderId),
            ClientOrderId: order.ClientOrderId);
    }

    /// <summary>
    /// A TRADE_LITE as a fill. It has the identity of the full fill but no fee (0, asset null) and no position
    /// side, so <paramref name="positionSide"/> must come from the account's mode (BOTH in one-way mode).
    /// </summary>
    /// <remarks>
    /// Provisional: the ORDER_TRADE_UPDATE for the same trade id follows with the fee. Storing the lite fill
    /// first would make that fuller one a conflicting duplicate, so use this only where speed matters more
    /// than the fee (e.g. a live position estimate), and never as the fill of record.
    /// </remarks>
    public static Fill ToFill(this BinanceUserDataEvent.TradeLite trade, string venue, string account, PositionSide positionSide)
    {
        ArgumentNullException.ThrowIfNull(trade);
        CheckNames(venue, account);
        return new Fill(
            Venue: venue,
            Account: account,
            Symbol: trade.Symbol,
            Side: trade.Side,
            PositionSide: positionSide,
            Quantity: trade.LastFilledQuantity,
            Price: trade.LastFilledPrice,
            Fee: 0m,
            FeeAsset: null,
            TradeId: Text(trade.TradeId),
            Timestamp: DateTimeOffset.FromUnixTimeMilliseconds(trade.TransactionTime),
            OrderId: Text(trade.OrderId),
            ClientOrderId: trade.ClientOrderId);
    }

    /// <summary>The fill carried by a spot executionReport (spot has one book per symbol: position side BOTH).</summary>
    /// <exception cref="InvalidOperationException">The report is not a fill (see <see cref="BinanceUserDataEvent.ExecutionReport.IsFill"/>).</exception>
    public static Fill ToFill(this BinanceUserDataEvent.ExecutionReport report, string venue, string account)
    {
        ArgumentNullException.ThrowIfNull(report);
        CheckNames(venue, account);
        if (!report.IsFill)
        {
            throw new InvalidOperationException(
                $"executionReport for order {report.OrderId} is not a fill (x={report.ExecutionType}, t={report.TradeId}, l={report.LastExecutedQuantity})");
        }

        return new Fill(
            Venue: venue,
            Account: account,
            Symbol: report.Symbol,
            Side: report.Side,
            PositionSide: PositionSide.Both,
            Quantity: report.LastExecutedQuantity,
            Price: report.LastExecutedPrice,
            Fee: report.Commission,
            FeeAsset: report.CommissionAsset,
            TradeId: Text(report.TradeId),
            Timestamp: DateTimeOffset.FromUnixTimeMilliseconds(report.TransactionTime),
            OrderId: Text(report.OrderId),
            ClientOrderId: report.ClientOrderId);
    }

    /// <summary>
    /// One spot <c>myTrades</c> row as a fill (position side BOTH; no client order id: REST does not send it).
    /// The same trade seen as an executionReport gives the same identity and content.
    /// </summary>
    public static Fill ToFill(this BinanceSpotTrade trade, string venue, string account)
    {
        ArgumentNullException.ThrowIfNull(trade);
        CheckNames(venue, account);
        return new Fill(
            Venue: venue,
            Account: account,
            Symbol: trade.Symbol,
            Side: trade.Side,
            PositionSide: PositionSide.Both,
            Quantity: trade.Quantity,
            Price: trade.Price,
            Fee: trade.Commission,
            FeeAsset: trade.CommissionAsset,
            TradeId: Text(trade.Id),
            Timestamp: DateTimeOffset.FromUnixTimeMilliseconds(trade.Time),
            OrderId: Text(trade.OrderId));
    }

    private static void CheckNames(string venue, string account)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(venue);
        ArgumentException.ThrowIfNullOrWhiteSpace(account);
    }

    private static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);
}
