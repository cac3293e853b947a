using Tally.Core;
using Tally.PaperExchange.Spot.Wire;
using Tally.PaperExchange.Wire;

namespace Tally.PaperExchange.Spot;

/// <summary>How spot orders, trades and events look on the wire: decimals with 8 places, as spot writes them.</summary>
public static class SpotWireMapping
{
    /// <summary>Spot writes every decimal with 8 places: "0.50000000".</summary>
    public static string Dec(decimal value) => WireFormat.Fixed(value, 8);

    public static string TypeName(SpotOrderType type) => type switch
    {
        SpotOrderType.Market => "MARKET",
        SpotOrderType.Limit => "LIMIT",
        SpotOrderType.LimitMaker => "LIMIT_MAKER",
    };

    public static string StatusName(OrderStatus status) => OrderWireNames.Status(status);

    public static string TifName(TimeInForce tif) => OrderWireNames.TimeInForce(tif);

    /// <summary>The ACK answer to a new order.</summary>
    public static SpotOrderResponse Ack(SpotOrder order) =>
        new(order.Symbol.Symbol, order.OrderId, -1, order.ClientOrderId) { TransactTime = WireFormat.Millis(order.Time) };

    /// <summary>The RESULT answer (state after matching); FULL adds the fills.</summary>
    public static SpotOrderResponse Result(SpotOrder order, bool full) => State(order) with
    {
        TransactTime = WireFormat.Millis(order.Time),
        WorkingTime = WireFormat.Millis(order.Time),
        Fills = full ? [.. order.Fills.Select(f => new SpotFillRow(Dec(f.Price), Dec(f.Quantity), Dec(f.Commission), f.CommissionAsset, f.Id))] : null,
    };

    /// <summary>GET /api/v3/order and openOrders rows.</summary>
    public static SpotOrderResponse Query(SpotOrder order) => State(order) with
    {
        StopPrice = Dec(0m),
        IcebergQty = Dec(0m),
        Time = WireFormat.Millis(order.Time),
        UpdateTime = WireFormat.Millis(order.UpdateTime),
        IsWorking = order.Type != SpotOrderType.Market,
        WorkingTime = WireFormat.Millis(order.Time),
    };

    /// <summary>DELETE /api/v3/order answer.</summary>
    public static SpotOrderResponse Canceled(SpotOrder order) => State(order) with
    {
        // Binance gives the cancel request its own client id; ours is the order's, echoed as the original too.
        OrigClientOrderId = order.ClientOrderId,
        TransactTime = WireFormat.Millis(order.UpdateTime),
    };

    /// <summary>The fields RESULT, query and cancel answers share; each adds its own (the JSON order is the record's, not this one's).</summary>
    private static SpotOrderResponse State(SpotOrder order) => new(order.Symbol.Symbol, order.OrderId, -1, order.ClientOrderId)
    {
        Price = Dec(order.Price),
        OrigQty = Dec(order.OriginalQuantity),
        ExecutedQty = Dec(order.ExecutedQuantity),
        OrigQuoteOrderQty = Dec(order.QuoteOrderQuantity),
        CummulativeQuoteQty = Dec(order.CumulativeQuote),
        Status = StatusName(order.Status),
        TimeInForce = TifName(order.TimeInForce),
        Type = TypeName(order.Type),
        Side = order.Side.ToWireName(),
        SelfTradePreventionMode = "EXPIRE_MAKER",
    };

    public static SpotTradeRow Row(SpotTrade trade) => new(
        trade.Symbol.Symbol,
        trade.Id,
        trade.OrderId,
        OrderListId: -1,
        Dec(trade.Price),
        Dec(trade.Quantity),
        Dec(trade.QuoteQuantity),
        Dec(trade.Commission),
        trade.CommissionAsset,
        WireFormat.Millis(trade.Time),
        IsBuyer: trade.Side == Side.Buy,
        trade.Maker,
        IsBestMatch: true);

    /// <summary>executionReport for an order change; a TRADE carries its fill in l/L/n/N/t/m.</summary>
    public static ExecutionReportEvent ExecutionReport(SpotOrderEvent e, long executionId)
    {
        ArgumentNullException.ThrowIfNull(e);
        var order = e.Order;
        var trade = e.Trade;
        var ms = WireFormat.Millis(e.At);
        return new ExecutionReportEvent(
            "executionReport",
            ms,
            order.Symbol.Symbol,
            order.ClientOrderId,
            order.Side.ToWireName(),
            TypeName(order.Type),
            TifName(order.TimeInForce),
            Dec(order.OriginalQuantity),
            Dec(order.Price),
            StopPrice: Dec(0m),
            IcebergQuantity: Dec(0m),
            OrderListId: -1,
            OriginalClientOrderId: e.ExecutionType == "CANCELED" ? order.ClientOrderId : string.Empty,
            e.ExecutionType,
            StatusName(order.Status),
            RejectReason: "NONE",
            order.OrderId,
            Dec(trade?.Quantity ?? 0m),
            Dec(order.ExecutedQuantity),
            Dec(trade?.Price ?? 0m),
            trade is null ? "0" : Dec(trade.Commission),
            trade?.CommissionAsset,
            ms,
            trade?.Id ?? -1,
            executionId,
            IsOnBook: order.Status == OrderStatus.New && order.Type != SpotOrderType.Market,
            trade?.Maker ?? false,
            Ignore: false,
            WireFormat.Millis(order.Time),
            Dec(order.CumulativeQuote),
            Dec(trade?.QuoteQuantity ?? 0m),
            Dec(order.QuoteOrderQuantity),
            WireFormat.Millis(order.Time),
            "EXPIRE_MAKER");
    }

    public static OutboundAccountPositionEvent AccountPosition(SpotBalanceEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var ms = WireFormat.Millis(e.At);
        return new OutboundAccountPositionEvent("outboundAccountPosition", ms, ms, [.. e.Balances.Select(b => new AccountPositionBalance(b.Asset, Dec(b.Free), Dec(b.Locked)))]);
    }
}
