namespace Tally.PaperExchange;

/// <summary>What futures and spot orders share for lookup: the venue's id and the client's.</summary>
internal interface IVenueOrder
{
    long OrderId { get; }

    string ClientOrderId { get; }
}

/// <summary>One symbol's orders as futures and spot books both keep them.</summary>
internal interface IOrderBook<TOrder>
    where TOrder : class, IVenueOrder
{
    PaperSymbol Symbol { get; }

    /// <summary>Resting orders, oldest first.</summary>
    List<TOrder> OpenOrders { get; }

    /// <summary>Every order's latest state by id.</summary>
    Dictionary<long, TOrder> Orders { get; }
}

/// <summary>
/// The order lookups the futures and spot venues answer alike (GET order, openOrders, and finding the order a cancel
/// names), so both give the same errors for the same request. <see cref="FindOpen"/>'s callers hold their venue's
/// lock; the others take it.
/// </summary>
internal static class VenueOrders
{
    /// <summary>Index in <see cref="IOrderBook{TOrder}.OpenOrders"/> of the open order named by id, else by client id; -1 when none.</summary>
    public static int FindOpen<TOrder>(IOrderBook<TOrder> book, long? orderId, string? clientOrderId)
        where TOrder : class, IVenueOrder =>
        book.OpenOrders.FindIndex(o => orderId is { } id ? o.OrderId == id : o.ClientOrderId == clientOrderId);

    /// <summary>The latest state of an order by id, or by client order id (the most recent order that used it); -2013 when none.</summary>
    public static ApiError? TryGet<TOrder, TBook>(Dictionary<string, TBook> books, Lock gate, string symbol, long? orderId, string? clientOrderId, out TOrder order)
        where TOrder : class, IVenueOrder
        where TBook : IOrderBook<TOrder>
    {
        order = null!;
        if (!books.TryGetValue(symbol, out var book))
        {
            return ApiError.InvalidSymbol;
        }

        lock (gate)
        {
                var found = orderId is { } id
                ? book.Orders.GetValueOrDefault(id)
                : book.Orders.Values.Where(o => o.ClientOrderId == clientOrderId).MaxBy(o => o.OrderId);
            order = found!;
            return found is null ? ApiError.OrderDoesNotExist : null;
        }
    }

    /// <summary>Resting orders of one symbol, or of all when <paramref name="symbol"/> is null, oldest first.</summary>
    public static List<TOrder> Open<TOrder, TBook>(IEnumerable<TBook> books, Lock gate, string? symbol)
        where TOrder : class, IVenueOrder
        where TBook : IOrderBook<TOrder>
    {
        lock (gate)
        {
            return [.. books
                .Where(b => symbol is null || b.Symbol.Symbol == symbol)
                .SelectMany(b => b.OpenOrders)
                .OrderBy(o => o.OrderId)];
        }
    }
}
