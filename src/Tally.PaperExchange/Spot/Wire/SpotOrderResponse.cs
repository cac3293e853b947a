namespace Tally.PaperExchange.Spot.Wire;

/// <summary>
/// The spot order answers: new order ACK (ids and transactTime only), RESULT (+ state), FULL (+ fills); query
/// (time, updateTime, isWorking…); cancel (origClientOrderId). Fields one variant lacks stay null and are not written.
/// </summary>
public sealed record SpotOrderResponse(string Symbol, long OrderId, long OrderListId, string ClientOrderId)
{
    public string? OrigClientOrderId { get; init; }

    public long? TransactTime { get; init; }

    public string? Price { get; init; }

    public string? OrigQty { get; init; }

    public string? ExecutedQty { get; init; }

    public string? OrigQuoteOrderQty { get; init; }

    public string? CummulativeQuoteQty { get; init; }

    public string? Status { get; init; }

    public string? TimeInForce { get; init; }

    public string? Type { get; init; }

    public string? Side { get; init; }

    public string? StopPrice { get; init; }

    public string? IcebergQty { get; init; }

    public long? Time { get; init; }

    public long? UpdateTime { get; init; }

    public bool? IsWorking { get; init; }

    public long? WorkingTime { get; init; }

    public IReadOnlyList<SpotFillRow>? Fills { get; init; }

    public string? SelfTradePreventionMode { get; init; }
}

/// <summary>One entry of a FULL answer's fills.</summary>
public sealed record SpotFillRow(string Price, string Qty, string Commission, string CommissionAsset, long TradeId);
