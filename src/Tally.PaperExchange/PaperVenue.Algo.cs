using Tally.Core;
using Tally.PaperExchange.Algo;

namespace Tally.PaperExchange;

/// <summary>
/// Conditional orders (POST /fapi/v1/algoOrder): they wait outside the book, are checked after every price move
/// (the end of <see cref="FillRestingOrders"/>), and when triggered become MARKET orders that fill at the price that
/// triggered them, through the same books, wallet and events as any other taker fill.
/// </summary>
public sealed partial class PaperVenue
{
    /// <summary>Algo ids start above 2^53, like order ids, so a client that parses them as double fails its tests.</summary>
    public const long FirstAlgoId = 9_100_000_000_000_000;

    private const decimal MinCallbackRate = 0.1m;
    private const decimal MaxCallbackRate = 10m;

    /// <summary>Every algo order ever placed, by id; the latest state of each.</summary>
    private readonly Dictionary<long, PaperAlgoOrder> _algoOrders = [];

    /// <summary>Ids of the algo orders still waiting, oldest first.</summary>
    private readonly List<long> _openAlgoIds = [];

    private long _nextAlgoId = FirstAlgoId;

    /// <summary>
    /// Checks and stores a new conditional order (status NEW). -2021 when its condition already holds at the
    /// current price, as on Binance.
    /// </summary>
    public ApiError? TryPlaceAlgo(AlgoOrderRequest request, out PaperAlgoOrder placed)
    {
        ArgumentNullException.ThrowIfNull(request);
        placed = null!;
        if (!_books.TryGetValue(request.Symbol, out var book))
        {
            return ApiError.InvalidSymbol;
        }

        var symbol = book.Symbol;
        var shapeError = CheckAlgoShape(symbol, request);
        if (shapeError is not null)
        {
            return shapeError;
        }

        lock (_lock)
        {
            // Position side rules are the order endpoint's: the request is checked as the MARKET order it becomes.
            var asOrder = new OrderRequest(request.Symbol, request.Side, OrderType.Market, request.PositionSide, request.Quantity ?? symbol.StepSize, null, null, request.ReduceOnly, null);
            var sideError = ResolvePositionSide(asOrder, out var positionSide, out var reducing);
            if (sideError is not null)
            {
                return sideError;
            }

            if (request.ClosePosition && positionSide != PositionSide.Both && !reducing)
            {
                // Hedge close-all must point at the side it closes: SELL LONG or BUY SHORT.
                return ApiError.InvalidParameter("closePosition");
            }

            if (request.ClientAlgoId is not null && _openAlgoIds.Any(id => _algoOrders[id].ClientAlgoId == request.ClientAlgoId))
            {
                return ApiError.DuplicateClientOrderId;
            }

            var price = _prices.Current(symbol.Symbol);
            if (WouldTriggerNow(request, price))
            {
                return ApiError.WouldTriggerImmediately;
            }

            if (!reducing && !request.ClosePosition)
            {
                var reference = request.TriggerPrice ?? price;
                if (reference * request.Quantity!.Value < symbol.MinNotional)
                {
                    return ApiError.MinNotional(symbol.MinNotional);
                }
            }

            var now = _options.TimeProvider.GetUtcNow();
            var algoId = _nextAlgoId++;
            placed = new PaperAlgoOrder(
                algoId,
                request.ClientAlgoId ?? $"paper-algo-{algoId:x}",
                symbol,
                request.Type,
                request.Side,
                positionSide,
                request.Quantity ?? 0m,
                request.ClosePosition,
                reducing && _mode == PositionMode.OneWay && !request.ClosePosition,
                request.TriggerPrice ?? 0m,
                request.ActivatePrice,
                request.CallbackRate,
                request.WorkingType,
                request.PriceProtect,
                request.TimeInForce,
                AlgoStatus.New,
                now,
                now,
                Extreme: request.Type == AlgoOrderType.TrailingStopMarket ? price : null);
            _algoOrders.Add(algoId, placed);
            _openAlgoIds.Add(algoId);
            _events?.Invoke(new AlgoEvent(now, placed));
            return null;
        }
    }

    /// <summary>Cancels a waiting algo order found by id or client algo id; -2011 when none is waiting.</summary>
    public ApiError? TryCancelAlgo(long? algoId, string? clientAlgoId, out PaperAlgoOrder canceled)
    {
        canceled = null!;
        lock (_lock)
        {
            var index = _openAlgoIds.FindIndex(id => algoId is { } wanted ? id == wanted : _algoOrders[id].ClientAlgoId == clientAlgoId);
            if (index < 0)
            {
                return ApiError.UnknownOrder;
            }

            var now = _options.TimeProvider.GetUtcNow();
            canceled = _algoOrders[_openAlgoIds[index]] with { Status = AlgoStatus.Canceled, UpdateTime = now };
            _openAlgoIds.RemoveAt(index);
            _algoOrders[canceled.AlgoId] = canceled;
            _events?.Invoke(new AlgoEvent(now, canceled));
            return null;
        }
    }

    /// <summary>Cancels every waiting algo order of <paramref name="symbol"/>, oldest first; none is not an error.</summary>
    public ApiError? CancelAllAlgo(string symbol, out IReadOnlyList<PaperAlgoOrder> canceled)
    {
        canceled = [];
        if (!_books.ContainsKey(symbol))
        {
            return ApiError.InvalidSymbol;
        }

        lock (_lock)
        {
            var now = _options.TimeProvider.GetUtcNow();
            var done = new List<PaperAlgoOrder>();
            foreach (var algoId in _openAlgoIds.Where(id => _algoOrders[id].Symbol.Symbol == symbol).ToList())
            {
                _openAlgoIds.Remove(algoId);
                var order = _algoOrders[algoId] with { Status = AlgoStatus.Canceled, UpdateTime = now };
                Publish(order);
                done.Add(order);
            }

            canceled = done;
            return null;
        }
    }

    /// <summary>The latest state of an algo order by id, or by client algo id (the most recent that used it); -2013 when none.</summary>
    public ApiError? TryGetAlgo(long? algoId, string? clientAlgoId, out PaperAlgoOrder order)
    {
        lock (_lock)
        {
            var found = algoId is { } id
                ? _algoOrders.GetValueOrDefault(id)
                : _algoOrders.Values.Where(o => o.ClientAlgoId == clientAlgoId).MaxBy(o => o.AlgoId);
            order = found!;
            return found is null ? ApiError.OrderDoesNotExist : null;
        }
    }

    /// <summary>Waiting algo orders of one symbol, or of all when <paramref name="symbol"/> is null, oldest first.</summary>
    public IReadOnlyList<PaperAlgoOrder> OpenAlgoOrders(string? symbol)
    {
        lock (_lock)
        {
            return _openAlgoIds.Select(id => _algoOrders[id]).Where(o => symbol is null || o.Symbol.Symbol == symbol).ToList();
        }
    }

    /// <summary>
    /// Checks the waiting algo orders of <paramref name="book"/> against its current price and executes those whose
    /// condition holds, oldest first. A triggered order fills at that price without moving it, so it cannot trigger
    /// others by itself. Called under the lock after every price move.
    /// </summary>
    private void TriggerAlgoOrders(SymbolBook book, DateTimeOffset now)
    {
        if (_openAlgoIds.Count == 0)
        {
            return;
        }

        var price = _prices.Current(book.Symbol.Symbol);
        foreach (var algoId in _openAlgoIds.ToList())
        {
            var algo = _algoOrders[algoId];
            if (algo.Symbol.Symbol != book.Symbol.Symbol)
            {
                continue;
            }

            if (algo.Type == AlgoOrderType.TrailingStopMarket)
            {
                algo = algo with { Extreme = algo.Side == Side.Sell ? Math.Max(algo.Extreme!.Value, price) : Math.Min(algo.Extreme!.Value, price) };
                _algoOrders[algoId] = algo;
            }

            if (!Triggers(algo, price))
            {
                continue;
            }

            _openAlgoIds.Remove(algoId);
            Execute(book, algo with { Status = AlgoStatus.Triggering, TriggerTime = now, UpdateTime = now }, price, now);
        }
    }

    /// <summary>TRIGGERING → the MARKET order → TRIGGERED → FINISHED; or EXPIRED / REJECTED when there is nothing to close.</summary>
    private void Execute(SymbolBook book, PaperAlgoOrder algo, decimal price, DateTimeOffset now)
    {
        Publish(algo);
        var position = book.Position(algo.PositionSide);
        var reducing = algo.ClosePosition || algo.ReduceOnly || (algo.PositionSide != PositionSide.Both && (algo.PositionSide == PositionSide.Long) == (algo.Side == Side.Sell));
        var executable = algo.Quantity;
        if (reducing)
        {
            var shrinks = position.Amount != 0 && Math.Sign(position.Amount) != (algo.Side == Side.Buy ? 1 : -1);
            executable = !shrinks ? 0m : algo.ClosePosition ? Math.Abs(position.Amount) : Math.Min(executable, Math.Abs(position.Amount));

            // As on the order endpoint: a hedge close larger than its book is refused, a one-way reduce-only capped.
            if (_mode == PositionMode.Hedge && !algo.ClosePosition && algo.Quantity > Math.Abs(position.Amount))
            {
                executable = 0m;
            }
        }

        if (executable == 0)
        {
            // Binance: a close-all order with no position left is cancelled by the system (EXPIRED); a reduce-only
            // one (or a hedge close larger than its book) the matching engine refuses (REJECTED, rm "Reduce Only reject").
            Publish(algo.ClosePosition
                ? algo with { Status = AlgoStatus.Expired }
                : algo with { Status = AlgoStatus.Rejected, RejectReason = "Reduce Only reject" });
            return;
        }

        var orderId = _nextOrderId++;
        var order = new PaperOrder(
            orderId,
            book.Symbol,
            algo.ClientAlgoId,
            algo.Side,
            algo.PositionSide,
            OrderType.Market,
            TimeInForce.Gtc,
            reducing && _mode == PositionMode.OneWay,
            0m,
            algo.ClosePosition ? executable : algo.Quantity,
            ExecutedQuantity: 0m,
            CumulativeQuote: 0m,
            OrderStatus.New,
            now);
        _events?.Invoke(new OrderEvent(now, order, "NEW", null));
        Publish(algo with { Status = AlgoStatus.Triggered, ActualOrderId = orderId });

        var signed = algo.Side == Side.Buy ? executable : -executable;
        var realized = position.Apply(signed, price, now);
        var commission = Math.Round(price * executable * _options.TakerFeeRate, 8, MidpointRounding.ToEven);
        var trade = new PaperTrade(book.Symbol, book.NextTradeId++, orderId, algo.Side, algo.PositionSide, price, executable, realized, commission, Maker: false, now);
        book.Trades.Add(trade);
        var filled = order with
        {
            ExecutedQuantity = executable,
            CumulativeQuote = price * executable,
            Status = executable == order.OriginalQuantity ? OrderStatus.Filled : OrderStatus.Expired,
        };
        book.Orders[orderId] = filled;
        Settle(book, position, trade, filled);
        Publish(algo with { Status = AlgoStatus.Finished, ActualOrderId = orderId, ExecutedQuantity = executable, AveragePrice = price });
    }

    private void Publish(PaperAlgoOrder algo)
    {
        _algoOrders[algo.AlgoId] = algo;
        _events?.Invoke(new AlgoEvent(algo.UpdateTime, algo));
    }

    /// <summary>
    /// Binance's trigger rules (New Algo Order docs). STOP_MARKET: BUY at price ≥ trigger, SELL at ≤. TAKE_PROFIT_MARKET:
    /// BUY at ≤, SELL at ≥. TRAILING_STOP_MARKET SELL: once the highest price since placement H has reached the
    /// activation price, at price ≤ H·(1 − r/100); BUY mirrors it with the lowest price L: at ≥ L·(1 + r/100).
    /// Example: SELL, r = 1, H = 3100 → triggers at 3069 or below.
    /// </summary>
    private static bool Triggers(PaperAlgoOrder algo, decimal price) => algo.Type switch
    {
        AlgoOrderType.StopMarket => algo.Side == Side.Buy ? price >= algo.TriggerPrice : price <= algo.TriggerPrice,
        AlgoOrderType.TakeProfitMarket => algo.Side == Side.Buy ? price <= algo.TriggerPrice : price >= algo.TriggerPrice,
        AlgoOrderType.TrailingStopMarket => algo.Side == Side.Sell
            ? (algo.ActivatePrice is not { } up || algo.Extreme >= up) && price <= algo.Extreme * (1 - (algo.CallbackRate!.Value / 100m))
            : (algo.ActivatePrice is not { } down || algo.Extreme <= down) && price >= algo.Extreme * (1 + (algo.CallbackRate!.Value / 100m)),
    };

    /// <summary>-2021 cases: a stop or take-profit whose condition already holds; a trailing stop activated on the wrong side.</summary>
    private static bool WouldTriggerNow(AlgoOrderRequest request, decimal price) => request.Type switch
    {
        AlgoOrderType.StopMarket => request.Side == Side.Buy ? price >= request.TriggerPrice : price <= request.TriggerPrice,
        AlgoOrderType.TakeProfitMarket => request.Side == Side.Buy ? price <= request.TriggerPrice : price >= request.TriggerPrice,
        AlgoOrderType.TrailingStopMarket => request.ActivatePrice is { } activate && (request.Side == Side.Buy ? activate >= price : activate <= price),
    };

    /// <summary>The checks that need no state: which parameters go with which type, ticks, steps, ranges.</summary>
    private static ApiError? CheckAlgoShape(PaperSymbol symbol, AlgoOrderRequest request)
    {
        if (request.ClientAlgoId is not null && !ClientOrderIdPattern().IsMatch(request.ClientAlgoId))
        {
            return ApiError.InvalidClientOrderId;
        }

        if (request.ClosePosition)
        {
            if (request.Type == AlgoOrderType.TrailingStopMarket)
            {
                return ApiError.InvalidParameter("closePosition");
            }

            if (request.Quantity is not null)
            {
                return ApiError.NotRequired("quantity");
            }

            if (request.ReduceOnly is not null)
            {
                return ApiError.NotRequired("reduceOnly");
            }
        }
        else
        {
            if (request.Quantity is not { } quantity)
            {
                return ApiError.MandatoryParameter("quantity");
            }

            var quantityError = SymbolFilters.CheckQuantity(symbol, quantity);
            if (quantityError is not null)
            {
                return quantityError;
            }
        }

        if (request.Type == AlgoOrderType.TrailingStopMarket)
        {
            if (request.TriggerPrice is not null)
            {
                return ApiError.NotRequired("triggerPrice");
            }

            if (request.CallbackRate is not { } rate)
            {
                return ApiError.MandatoryParameter("callbackRate");
            }

            if (rate is < MinCallbackRate or > MaxCallbackRate)
            {
                return ApiError.InvalidParameter("callbackRate");
            }

            return request.ActivatePrice is null ? null : CheckTickPrice(symbol, request.ActivatePrice, "activatePrice");
        }

        if (request.ActivatePrice is not null)
        {
            return ApiError.NotRequired("activatePrice");
        }

        if (request.CallbackRate is not null)
        {
            return ApiError.NotRequired("callbackRate");
        }

        return CheckTickPrice(symbol, request.TriggerPrice, "triggerPrice");
    }

    private static ApiError? CheckTickPrice(PaperSymbol symbol, decimal? price, string name)
    {
        if (price is not { } value || value <= 0)
        {
            return ApiError.MandatoryParameter(name);
        }

        if (PaperSymbol.Places(value) > symbol.PricePrecision)
        {
            return ApiError.BadPrecision;
        }

        return value % symbol.TickSize != 0 ? ApiError.Filter("PRICE_FILTER") : null;
    }
}
