using Tally.Core;

namespace Tally.Exchanges.Binance;

public abstract partial record BinanceUserDataEvent
{
    /// <summary>
    /// Spot <c>executionReport</c>: an order changed; when <see cref="IsFill"/> it carries one fill
    /// (<c>l</c> at <c>L</c>, trade id <c>t</c>, fee <c>n</c> in <c>N</c>). Average price = Z / z.
    /// </summary>
    /// <param name="OriginalClientOrderId"><c>C</c>: the cancelled order's client id on cancels; null when "" or absent.</param>
    /// <param name="ExecutionType"><c>x</c>: NEW, CANCELED, REPLACED, REJECTED, TRADE, EXPIRED, TRADE_PREVENTION.</param>
    /// <param name="RejectReason"><c>r</c>: "NONE" unless rejected.</param>
    /// <param name="Commission"><c>n</c>: "0" when none; 0 when absent.</param>
    /// <param name="CommissionAsset"><c>N</c>: JSON null when there is no fee, which becomes null here.</param>
    /// <param name="TransactionTime"><c>T</c>, Unix milliseconds.</param>
    /// <param name="TradeId"><c>t</c>: -1 when not a fill.</param>
    /// <param name="OrderListId"><c>g</c>: -1 when not part of an order list.</param>
    /// <param name="ExecutionId"><c>I</c>; null when absent.</param>
    /// <param name="IsOnBook"><c>w</c>: the order is resting on the book.</param>
    /// <param name="CreationTime"><c>O</c>, Unix milliseconds; null when absent.</param>
    /// <param name="WorkingTime"><c>W</c>, Unix milliseconds; null when absent (older payloads).</param>
    public sealed record ExecutionReport(
        long EventTime,
        string Symbol,
        string ClientOrderId,
        Side Side,
        string OrderType,
        string? TimeInForce,
        decimal Quantity,
        decimal Price,
        decimal? StopPrice,
        decimal? IcebergQuantity,
        long OrderListId,
        string? OriginalClientOrderId,
        string ExecutionType,
        string OrderStatus,
        string? RejectReason,
        long OrderId,
        decimal LastExecutedQuantity,
        decimal CumulativeFilledQuantity,
        decimal LastExecutedPrice,
        decimal Commission,
        string? CommissionAsset,
        long TransactionTime,
        long TradeId,
        long? ExecutionId,
        bool? IsOnBook,
        bool IsMaker,
        long? CreationTime,
        decimal? CumulativeQuoteQuantity,
        decimal? LastQuoteQuantity,
        decimal? QuoteOrderQuantity,
        long? WorkingTime,
        string? SelfTradePreventionMode) : BinanceUserDataEvent
    {
        public const string EventType = "executionReport";

        /// <summary>True for one fill: execution type TRADE with a trade id and a positive quantity.</summary>
        public bool IsFill => ExecutionType == "TRADE" && TradeId >= 0 && LastExecutedQuantity > 0m;

        internal static ExecutionReport Read(BinanceJsonObject e) => new(
            EventTime: e.Int64("E"),
            Symbol: e.String("s"),
            ClientOrderId: e.String("c"),
            Side: e.Side("S"),
            OrderType: e.String("o"),
            TimeInForce: e.OptionalString("f"),
            Quantity: e.Decimal("q"),
            Price: e.Decimal("p"),
            StopPrice: e.OptionalDecimal("P"),
            IcebergQuantity: e.OptionalDecimal("F"),
            OrderListId: e.OptionalInt64("g") ?? -1L,
            OriginalClientOrderId: BinanceText.NonEmpty(e.OptionalString("C")),
            ExecutionType: e.String("x"),
            OrderStatus: e.String("X"),
            RejectReason: e.OptionalString("r"),
            OrderId: e.Int64("i"),
            LastExecutedQuantity: e.Decimal("l"),
            CumulativeFilledQuantity: e.Decimal("z"),
            LastExecutedPrice: e.Decimal("L"),
            Commission: e.OptionalDecimal("n") ?? 0m,
            CommissionAsset: BinanceText.NonEmpty(e.OptionalString("N")),
            TransactionTime: e.Int64("T"),
            TradeId: e.OptionalInt64("t") ?? -1L,
            ExecutionId: e.OptionalInt64("I"),
            IsOnBook: e.OptionalBoolean("w"),
            IsMaker: e.OptionalBoolean("m") ?? false,
            CreationTime: e.OptionalInt64("O"),
            CumulativeQuoteQuantity: e.OptionalDecimal("Z"),
            LastQuoteQuantity: e.OptionalDecimal("Y"),
            QuoteOrderQuantity: e.OptionalDecimal("Q"),
            WorkingTime: e.OptionalInt64("W"),
            SelfTradePreventionMode: e.OptionalString("V"));
    }
}
