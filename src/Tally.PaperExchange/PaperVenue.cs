using System.Text.RegularExpressions;
using Tally.Core;

namespace Tally.PaperExchange;

/// <summary>
/// The simulated venue behind the REST API: one account, its position mode, orders, fills and positions, and the
/// price feed. Every public member takes one lock: Kestrel calls in from many threads, throughput does not matter
/// here, and a single owner makes each request's effect atomic and the sequence of ids gap-free.
/// </summary>
public sealed partial class PaperVenue
{
    /// <summary>Order ids start above 2^53, as real ones do, so a client parsing them as double fails its tests.</summary>
    public const long FirstOrderId = 8_389_765_739_703_625_000;

    private static readonly TimeSpan MaxTradeWindow = TimeSpan.FromDays(7);

    private readonly Lock _lock = new();
    private readonly PaperExchangeOptions _options;
    private readonly PriceFeed _prices;
    private readonly Dictionary<string, SymbolBook> _books = new(StringComparer.Ordinal);
    private readonly Action<VenueEvent>? _events;
    private long _nextOrderId = FirstOrderId;
    private PositionMode _mode;
    private decimal _wallet;

    /// <param name="events">
    /// Called under the venue's lock for every order and position change, in the order they happen; it must not
    /// block or call back into the venue.
    /// </param>
    /// <param name="market">The public market streams the tape sends to; null: the tape only serves REST klines.</param>
    public PaperVenue(PaperExchangeOptions options, Action<VenueEvent>? events = null, Streams.MarketStreams? market = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _events = events;
        _wallet = options.InitialBalance;
        _mode = options.PositionMode;
        var files = LoadPriceFiles(options);
        _prices = new PriceFeed(options.Seed, options.Symbols, files.ToDictionary(f => f.Key, f => (IReadOnlyList<decimal>)[.. f.Value.Select(b => b.Close)], StringComparer.Ordinal));
        for (var i = 0; i < options.Symbols.Count; i++)
        {
            // Trade ids are per symbol: each symbol counts up from its own base.
            var symbol = options.Symbols[i];
            _books.Add(symbol.Symbol, new SymbolBook(symbol, firstTradeId: (i + 1) * 1_000_000_000L));
        }

        StartMoney();
        StartMarket(market, files);
    }

    public TimeProvider Time => _options.TimeProvider;

    public IReadOnlyList<PaperSymbol> Symbols => _options.Symbols;

    public decimal TakerFeeRate => _options.TakerFeeRate;

    public int Leverage => _options.Leverage;

    public PositionMode Mode
    {
        get
        {
            lock (_lock)
            {
                return _mode;
            }
        }
    }

    /// <summary>The USDT wallet: initial balance + Σ realized PnL − Σ fees.</summary>
    public decimal WalletBalance
    {
        get
        {
            lock (_lock)
            {
                return _wallet;
            }
        }
    }

    public bool TryGetSymbol(string symbol, out PaperSymbol found)
    {
        if (_books.TryGetValue(symbol, out var book))
        {
            found = book.Symbol;
            return true;
        }

        found = null!;
        return false;
    }

    public decimal MarkPrice(string symbol)
    {
        lock (_lock)
        {
            return _prices.Current(symbol);
        }
    }

    /// <summary>Moves a symbol's price, for scripted scenarios (the admin endpoint): one trade on the tape; resting orders it crosses fill.</summary>
    public void SetPrice(string symbol, decimal price) => SetPrice(symbol, price, null, null);

    /// <summary>Cancels an open order found by id or client order id; -2011 when none is open.</summary>
    public ApiError? TryCancel(string symbol, long? orderId, string? clientOrderId, out PaperOrder canceled)
    {
        canceled = null!;
        if (!_books.TryGetValue(symbol, out var book))
        {
            return ApiError.InvalidSymbol;
        }

        lock (_lock)
        {
            var index = VenueOrders.FindOpen(book, orderId, clientOrderId);
            if (index < 0)
            {
                return ApiError.UnknownOrder;
            }

            canceled = book.OpenOrders[index] with { Status = OrderStatus.Canceled, UpdateTime = _options.TimeProvider.GetUtcNow() };
            book.OpenOrders.RemoveAt(index);
            book.Orders[canceled.OrderId] = canceled;
            _events?.Invoke(new OrderEvent(canceled.UpdateTime, canceled, "CANCELED", null));
            return null;
        }
    }

    /// <summary>Switches between one-way and hedge mode; refused while anything is open, as on Binance.</summary>
    public ApiError? ChangeMode(PositionMode mode)
    {
        lock (_lock)
        {
            if (mode == _mode)
            {
                return ApiError.NoNeedToChangePositionSide;
            }

            if (_books.Values.Any(b => b.OpenOrders.Count > 0))
            {
                return ApiError.OpenOrdersBlockModeChange;
            }

            if (_books.Values.Any(b => b.Positions.Values.Any(p => p.Amount != 0)))
            {
                return ApiError.PositionsBlockModeChange;
            }

            _mode = mode;
            return null;
        }
    }

    /// <summary>
    /// Checks and executes a new order. <paramref name="accepted"/> is the order as acknowledged (NEW, nothing
    /// executed: the ACK response); <paramref name="final"/> is its state once matching is done (the RESULT response).
    /// </summary>
    public ApiError? TryPlace(OrderRequest request, out PaperOrder accepted, out PaperOrder final)
    {
        ArgumentNullException.ThrowIfNull(request);
        accepted = final = null!;
        if (!_books.TryGetValue(request.Symbol, out var book))
        {
            return ApiError.InvalidSymbol;
        }

        var symbol = book.Symbol;
        var quantityError = SymbolFilters.CheckQuantity(symbol, request.Quantity);
        if (quantityError is not null)
        {
            return quantityError;
        }

        if (request.Type == OrderType.Limit)
        {
            var priceError = SymbolFilters.CheckPrice(symbol, request.Price);
            if (priceError is not null)
            {
                return priceError;
            }
        }

        if (request.ClientOrderId is not null && !ClientOrderIdPattern().IsMatch(request.ClientOrderId))
        {
            return ApiError.InvalidClientOrderId;
        }

        lock (_lock)
        {
            SettleFundingDue();
            var sideError = ResolvePositionSide(request, out var positionSide, out var reducing);
            if (sideError is not null)
            {
                return sideError;
            }

            if (request.ClientOrderId is not null && book.OpenOrders.Any(o => o.ClientOrderId == request.ClientOrderId))
            {
                return ApiError.DuplicateClientOrderId;
            }

            var position = book.Position(positionSide);
            var delta = request.Side == Side.Buy ? request.Quantity : -request.Quantity;
            var executable = request.Quantity;
            if (reducing)
            {
                // Reduce-only (one-way) and closes (hedge) may only shrink the book they point at.
                var shrinks = position.Amount != 0 && Math.Sign(position.Amount) != Math.Sign(delta);
                if (!shrinks || (_mode == PositionMode.Hedge && request.Quantity > Math.Abs(position.Amount)))
                {
                    return ApiError.ReduceOnlyRejected;
                }

                // One-way reduce-only larger than the position executes the position's size; the rest expires.
                executable = Math.Min(request.Quantity, Math.Abs(position.Amount));
            }
            else
            {
                var reference = request.Price ?? _prices.Current(symbol.Symbol);
                if (reference * request.Quantity < symbol.MinNotional)
                {
                    return ApiError.MinNotional(symbol.MinNotional);
                }
            }

            var now = _options.TimeProvider.GetUtcNow();
            var orderId = _nextOrderId++;
            var tif = request.TimeInForce ?? TimeInForce.Gtc;
            accepted = new PaperOrder(
                orderId,
                symbol,
                request.ClientOrderId ?? $"paper-{orderId:x}",
                request.Side,
                positionSide,
                request.Type,
                tif,
                reducing && _mode == PositionMode.OneWay,
                request.Type == OrderType.Limit ? request.Price!.Value : 0m,
                request.Quantity,
                ExecutedQuantity: 0m,
                CumulativeQuote: 0m,
                OrderStatus.New,
                now);
            _events?.Invoke(new OrderEvent(now, accepted, "NEW", null));

            // The walk steps once per order that reaches matching, so every order sees a fresh price;
            // resting orders the step crossed fill first, as they were on the book first.
            var price = StepPrice(symbol.Symbol, now);
            FillRestingOrders(book, now);
            var marketable = request.Type == OrderType.Market
                || (request.Side == Side.Buy ? request.Price!.Value >= price : request.Price!.Value <= price);
            if (!marketable)
            {
                final = tif is TimeInForce.Ioc or TimeInForce.Fok ? accepted with { Status = OrderStatus.Expired } : accepted;
                if (final.Status == OrderStatus.New)
                {
                    book.OpenOrders.Add(final);
                }

                book.Orders[orderId] = final;
                if (final.Status == OrderStatus.Expired)
                {
                    _events?.Invoke(new OrderEvent(now, final, "EXPIRED", null));
                }

                return null;
            }

            if (tif == TimeInForce.Gtx && request.Type == OrderType.Limit)
            {
                // Ours: Binance answers -5022 for a post-only order that would take; the order id is then unused.
                final = accepted with { Status = OrderStatus.Expired };
                book.Orders[orderId] = final;
                _events?.Invoke(new OrderEvent(now, final, "EXPIRED", null));
                return null;
            }

            if (reducing)
            {
                // Resting orders filled by this step may have shrunk the book since the check above; a reducing
                // order never takes more than is left, so a hedge side can never flip.
                var stillShrinks = position.Amount != 0 && Math.Sign(position.Amount) != Math.Sign(delta);
                executable = stillShrinks ? Math.Min(executable, Math.Abs(position.Amount)) : 0m;
                if (executable == 0)
                {
                    final = accepted with { Status = OrderStatus.Expired };
                    book.Orders[orderId] = final;
                    _events?.Invoke(new OrderEvent(now, final, "EXPIRED", null));
                    return null;
                }
            }

            var signed = request.Side == Side.Buy ? executable : -executable;
            var realized = position.Apply(signed, price, now);
            var commission = Math.Round(price * executable * _options.TakerFeeRate, 8, MidpointRounding.ToEven);
            var trade = new PaperTrade(symbol, book.NextTradeId++, orderId, request.Side, positionSide, price, executable, realized, commission, Maker: false, now);
            book.Trades.Add(trade);
            final = accepted with
            {
                ExecutedQuantity = executable,
                CumulativeQuote = price * executable,
                Status = executable == request.Quantity ? OrderStatus.Filled : OrderStatus.Expired,
            };
            book.Orders[orderId] = final;
            Settle(book, position, trade, final);
            return null;
        }
    }

    /// <summary>
    /// The latest state of an order found by id, or by client order id (the most recent order that used it);
    /// -2013 when there is none.
    /// </summary>
    public ApiError? TryGetOrder(string symbol, long? orderId, string? clientOrderId, out PaperOrder order) =>
        VenueOrders.TryGet<PaperOrder, SymbolBook>(_books, _lock, symbol, orderId, clientOrderId, out order);

    /// <summary>Resting orders of one symbol, or of all when <paramref name="symbol"/> is null, oldest first.</summary>
    public IReadOnlyList<PaperOrder> OpenOrders(string? symbol) => VenueOrders.Open<PaperOrder, SymbolBook>(_books.Values, _lock, symbol);

    /// <summary>userTrades: ascending by id, at most <see cref="TradeQuery.Limit"/> rows.</summary>
    public ApiError? TryGetTrades(TradeQuery query, out IReadOnlyList<PaperTrade> trades)
    {
        ArgumentNullException.ThrowIfNull(query);
        trades = [];
        if (!_books.TryGetValue(query.Symbol, out var book))
        {
            return ApiError.InvalidSymbol;
        }

        if (query.FromId is not null && (query.StartTime is not null || query.EndTime is not null))
        {
            return ApiError.ParameterCombination;
        }

        if (query.Limit is < 1 or > 1000)
        {
            return ApiError.InvalidParameter("limit");
        }

        lock (_lock)
        {
            // Trades are ascending by id and by time: a binary search finds the first row, so paging through a
            // pre-loaded history of millions costs a page, not a scan.
            IEnumerable<PaperTrade> rows;
            if (query.FromId is { } fromId)
            {
                rows = TradesFrom(book.Trades, fromId);
            }
            else
            {
                // A missing bound is the other bound ± 7 days; with neither, the last 7 days.
                var now = _options.TimeProvider.GetUtcNow();
                var (start, end) = (query.StartTime, query.EndTime) switch
                {
                    ({ } s, { } e) => (s, e),
                    ({ } s, null) => (s, s + MaxTradeWindow),
                    (null, { } e) => (e - MaxTradeWindow, e),
                    (null, null) => (now - MaxTradeWindow, now),
                };
                if (end < start)
                {
                    return ApiError.InvalidParameter("startTime");
                }

                if (end - start > MaxTradeWindow)
                {
                    return ApiError.WindowTooLong;
                }

                rows = TradesFrom(book.Trades, start).TakeWhile(t => t.Time <= end);
            }

            if (query.OrderId is { } orderId)
            {
                rows = rows.Where(t => t.OrderId == orderId);
            }

            trades = rows.Take(query.Limit).ToList();
            return null;
        }
    }

    /// <summary>positionRisk v2 rows: every symbol (or one), BOTH in one-way mode, LONG and SHORT in hedge mode, flat ones included.</summary>
    public IReadOnlyList<PositionSnapshot> Positions(string? symbol)
    {
        lock (_lock)
        {
            PositionSide[] sides = _mode == PositionMode.OneWay ? [PositionSide.Both] : [PositionSide.Long, PositionSide.Short];
            var rows = new List<PositionSnapshot>();
            foreach (var book in _books.Values)
            {
                if (symbol is not null && book.Symbol.Symbol != symbol)
                {
                    continue;
                }

                foreach (var side in sides)
                {
                    var position = book.Position(side);
                    rows.Add(new PositionSnapshot(book.Symbol, side, position.Amount, position.EntryPrice, _prices.Current(book.Symbol.Symbol), position.UpdateTime)
                    {
                        Leverage = LeverageOf(book),
                        MarginType = book.MarginType,
                        LiquidationPrice = position.Amount == 0 ? 0m : LiquidationPriceOf(book),
                    });
                }
            }

            return rows;
        }
    }

    /// <summary>
    /// Fills, as maker at their own limit price, the resting orders the current price has reached (a buy at or
    /// above it, a sell at or below). A reducing order fills at most what its book still holds and expires if
    /// that is nothing. Called under the lock.
    /// </summary>
    private void FillRestingOrders(SymbolBook book, DateTimeOffset now)
    {
        var price = _prices.Current(book.Symbol.Symbol);
        for (var i = 0; i < book.OpenOrders.Count;)
        {
            var order = book.OpenOrders[i];
            var reached = order.Side == Side.Buy ? price <= order.Price : price >= order.Price;
            if (!reached)
            {
                i++;
                continue;
            }

            book.OpenOrders.RemoveAt(i);
            var position = book.Position(order.PositionSide);
            var reducing = order.ReduceOnly || (order.PositionSide != PositionSide.Both && (order.PositionSide == PositionSide.Long) == (order.Side == Side.Sell));
            var executable = order.OriginalQuantity;
            if (reducing)
            {
                var delta = order.Side == Side.Buy ? 1 : -1;
                var shrinks = position.Amount != 0 && Math.Sign(position.Amount) != delta;
                executable = shrinks ? Math.Min(executable, Math.Abs(position.Amount)) : 0m;
            }

            if (executable == 0)
            {
                var expired = order with { Status = OrderStatus.Expired, UpdateTime = now };
                book.Orders[order.OrderId] = expired;
                _events?.Invoke(new OrderEvent(now, expired, "EXPIRED", null));
                continue;
            }

            var signed = order.Side == Side.Buy ? executable : -executable;
            var realized = position.Apply(signed, order.Price, now);
            var commission = Math.Round(order.Price * executable * _options.MakerFeeRate, 8, MidpointRounding.ToEven);
            var trade = new PaperTrade(book.Symbol, book.NextTradeId++, order.OrderId, order.Side, order.PositionSide, order.Price, executable, realized, commission, Maker: true, now);
            book.Trades.Add(trade);
            var filled = order with
            {
                ExecutedQuantity = executable,
                CumulativeQuote = order.Price * executable,
                Status = executable == order.OriginalQuantity ? OrderStatus.Filled : OrderStatus.Expired,
                UpdateTime = now,
            };
            book.Orders[order.OrderId] = filled;
            Settle(book, position, trade, filled);
        }

        TriggerAlgoOrders(book, now);
        LiquidateIfBelowMaintenance(now);
    }

    /// <summary>Books a fill into the wallet (realized − fee) and reports it: ORDER_TRADE_UPDATE, then ACCOUNT_UPDATE.</summary>
    private void Settle(SymbolBook book, PaperPosition position, PaperTrade trade, PaperOrder order)
    {
        var change = trade.RealizedPnl - trade.Commission;
        _wallet += change;
        AddFillIncome(trade);
        if (_events is null)
        {
            return;
        }

        _events(new OrderEvent(trade.Time, order, "TRADE", trade));
        var snapshot = new PositionSnapshot(book.Symbol, trade.PositionSide, position.Amount, position.EntryPrice, _prices.Current(book.Symbol.Symbol), position.UpdateTime)
        {
            Leverage = LeverageOf(book),
            MarginType = book.MarginType,
        };
        _events(new PositionEvent(trade.Time, snapshot, position.AccumulatedRealized, _wallet, change));
    }

    private int LeverageOf(SymbolBook book) => book.Leverage > 0 ? book.Leverage : _options.Leverage;

    private ApiError? ResolvePositionSide(OrderRequest request, out PositionSide side, out bool reducing)
    {
        side = PositionSide.Both;
        reducing = false;
        if (_mode == PositionMode.OneWay)
        {
            if (request.PositionSide is PositionSide.Long or PositionSide.Short)
            {
                return ApiError.PositionSideMismatch;
            }

            reducing = request.ReduceOnly == true;
            return null;
        }

        if (request.PositionSide is null or PositionSide.Both)
        {
            return ApiError.PositionSideMismatch;
        }

        if (request.ReduceOnly is not null)
        {
            return ApiError.NotRequired("reduceOnly");
        }

        side = request.PositionSide.Value;

        // Open long = BUY LONG, close long = SELL LONG, open short = SELL SHORT, close short = BUY SHORT.
        reducing = (side == PositionSide.Long) == (request.Side == Side.Sell);
        return null;
    }

    [GeneratedRegex("^[.A-Z:/a-z0-9_-]{1,36}$", RegexOptions.CultureInvariant)]
    private static partial Regex ClientOrderIdPattern();

    /// <summary>Everything the venue keeps for one symbol.</summary>
    private sealed class SymbolBook(PaperSymbol symbol, long firstTradeId) : IOrderBook<PaperOrder>
    {
        private readonly Dictionary<PositionSide, PaperPosition> _positions = [];

        public PaperSymbol Symbol { get; } = symbol;

        public long NextTradeId { get; set; } = firstTradeId;

        /// <summary>Set by POST /fapi/v1/leverage; starts at the options' leverage (0 here means "not set yet").</summary>
        public int Leverage { get; set; }

        public MarginType MarginType { get; set; }

        /// <summary>Ascending by id, which is also ascending by time: ids are handed out under the venue's lock.</summary>
        public List<PaperTrade> Trades { get; } = [];

        /// <summary>Resting LIMIT orders, oldest first.</summary>
        public List<PaperOrder> OpenOrders { get; } = [];

        /// <summary>The latest state of every order ever placed on this symbol, by order id.</summary>
        public Dictionary<long, PaperOrder> Orders { get; } = [];

        public IReadOnlyDictionary<PositionSide, PaperPosition> Positions => _positions;

        public PaperPosition Position(PositionSide side)
        {
            if (!_positions.TryGetValue(side, out var position))
            {
                position = new PaperPosition();
                _positions.Add(side, position);
            }

            return position;
        }
    }
}
