using System.Text.RegularExpressions;
using Tally.Core;
using Tally.PaperExchange.Streams;

namespace Tally.PaperExchange.Spot;

/// <summary>
/// The simulated spot venue behind <c>/api/v3</c>: one account's balances (free and locked per asset), its
/// orders and fills, and a seeded price walk per pair. Every public member takes one lock, for the same reasons
/// as <see cref="PaperVenue"/>: each request's effect is atomic and ids are handed out without gaps.
/// </summary>
/// <remarks>
/// Fees are charged in the asset received, at the taker or maker rate: a buy of 0.5 BTC at 0.1 % pays
/// 0.0005 BTC and is credited 0.4995 BTC; a sell of 0.5 BTC at 90 000 pays 45 USDT of the 45 000 received.
/// A resting order locks what it may spend (a buy: price × quantity of quote; a sell: the quantity of base).
/// </remarks>
public sealed partial class SpotVenue
{
    /// <summary>Spot order ids are 11-digit numbers on Binance today; ours start there.</summary>
    public const long FirstOrderId = 55_000_000_000;

    private static readonly TimeSpan MaxTradeWindow = TimeSpan.FromHours(24);

    private readonly Lock _lock = new();
    private readonly SpotOptions _options;
    private readonly TimeProvider _time;
    private readonly PriceFeed _prices;
    private readonly Dictionary<string, Book> _books = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Holding> _balances = new(StringComparer.Ordinal);
    private readonly Action<SpotEvent>? _events;
    private long _nextOrderId = FirstOrderId;

    /// <param name="events">Called under the venue's lock for every order and balance change, in order; must not block or call back.</param>
    /// <param name="market">The spot public market streams the venue's tape sends to (<see cref="MarketStreams.ForSpot"/>); null: the tape only serves REST klines.</param>
    public SpotVenue(SpotOptions options, int seed, TimeProvider time, Action<SpotEvent>? events = null, MarketStreams? market = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _options = options;
        _time = time;
        _events = events;

        // A seed stream of its own, so spot prices do not repeat the futures walk of the same seed.
        // Price files drive the futures symbols only; spot pairs keep their own walk.
        _prices = new PriceFeed(unchecked(seed ^ 0x5907), options.Symbols, new Dictionary<string, IReadOnlyList<decimal>>(StringComparer.Ordinal));
        for (var i = 0; i < options.Symbols.Count; i++)
        {
            var symbol = options.Symbols[i];
            _books.Add(symbol.Symbol, new Book(symbol, firstTradeId: (i + 1) * 100_000_000L));
            _balances.TryAdd(symbol.BaseAsset, new Holding());
            _balances.TryAdd(symbol.QuoteAsset, new Holding());
        }

        foreach (var (asset, amount) in options.InitialBalances)
        {
            if (!_balances.TryGetValue(asset, out var holding))
            {
                holding = new Holding();
                _balances.Add(asset, holding);
            }

            holding.Free = amount;
        }

        StartMarket(seed, market);
    }

    public TimeProvider Time => _time;

    public IReadOnlyList<PaperSymbol> Symbols => _options.Symbols;

    public SpotOptions Options => _options;

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

    public decimal LastPrice(string symbol)
    {
        lock (_lock)
        {
            return _prices.Current(symbol);
        }
    }

    /// <summary>Every asset's balance, by asset name.</summary>
    public IReadOnlyList<SpotBalance> Balances()
    {
        lock (_lock)
        {
            return [.. _balances.Select(b => new SpotBalance(b.Key, b.Value.Free, b.Value.Locked))];
        }
    }

    /// <summary>
    /// Sets an asset's free balance, as a deposit, a withdrawal or a trade elsewhere would (for scripted scenarios: a
    /// balance changed behind a client's back); locked funds stay. An outboundAccountPosition event reports it.
    /// </summary>
    public void SetFreeBalance(string asset, decimal free)
    {
        ArgumentException.ThrowIfNullOrEmpty(asset);
        ArgumentOutOfRangeException.ThrowIfNegative(free);
        lock (_lock)
        {
            if (!_balances.TryGetValue(asset, out var holding))
            {
                holding = new Holding();
                _balances.Add(asset, holding);
            }

            holding.Free = free;
            PublishBalances(_time.GetUtcNow(), asset);
        }
    }

    /// <summary>Moves a pair's price (rounded to a tick), for scripted scenarios; resting orders it reaches fill.</summary>
    public void SetPrice(string symbol, decimal price) => SetPrice(symbol, price, null, null);

    /// <summary>
    /// Checks and executes a new order. The walk steps first (every order that reaches the book sees a fresh
    /// price, and resting orders the step reached fill before it), then balances and filters are checked at that
    /// price. <paramref name="accepted"/> is the order as acknowledged; <paramref name="final"/> its state after matching.
    /// </summary>
    public ApiError? TryPlace(SpotOrderRequest request, out SpotOrder accepted, out SpotOrder final)
    {
        ArgumentNullException.ThrowIfNull(request);
        accepted = final = null!;
        if (!_books.TryGetValue(request.Symbol, out var book))
        {
            return ApiError.InvalidSymbol;
        }

        var symbol = book.Symbol;
        var shapeError = CheckShape(symbol, request);
        if (shapeError is not null)
        {
            return shapeError;
        }

        lock (_lock)
        {
            if (request.ClientOrderId is not null && book.OpenOrders.Any(o => o.ClientOrderId == request.ClientOrderId))
            {
                return SpotErrors.DuplicateOrder;
            }

            var now = _time.GetUtcNow();
            var price = _prices.Step(symbol.Symbol);
            _tape.Trade(symbol.Symbol, price, null, null, now.ToUnixTimeMilliseconds());
            FillRestingOrders(book, now);

            var quantity = request.Quantity ?? Math.Floor(request.QuoteOrderQuantity!.Value / price / symbol.StepSize) * symbol.StepSize;
            if (quantity < symbol.StepSize)
            {
                return ApiError.Filter("LOT_SIZE");
            }

            var limit = request.Type == SpotOrderType.Market ? (decimal?)null : request.Price!.Value;
            if ((limit ?? price) * quantity < symbol.MinNotional)
            {
                return SpotErrors.Notional;
            }

            var marketable = limit is not { } l || (request.Side == Side.Buy ? l >= price : l <= price);
            if (marketable && request.Type == SpotOrderType.LimitMaker)
            {
                return SpotErrors.WouldTake;
            }

            // A buy needs the quote it may spend (at its limit, or at the price it will take), a sell its base.
            var (spendAsset, spend) = request.Side == Side.Buy
                ? (symbol.QuoteAsset, (limit is { } lp && !marketable ? lp : price) * quantity)
                : (symbol.BaseAsset, quantity);
            if (_balances[spendAsset].Free < spend)
            {
                return SpotErrors.InsufficientBalance;
            }

            var tif = request.TimeInForce ?? TimeInForce.Gtc;
            var orderId = _nextOrderId++;
            accepted = new SpotOrder(
                orderId,
                symbol,
                request.ClientOrderId ?? $"paper{orderId:x}",
                request.Side,
                request.Type,
                tif,
                limit ?? 0m,
                quantity,
                request.QuoteOrderQuantity ?? 0m,
                ExecutedQuantity: 0m,
                CumulativeQuote: 0m,
                OrderStatus.New,
                now,
                now,
                Fills: []);
            _events?.Invoke(new SpotOrderEvent(now, accepted, "NEW", null));

            if (!marketable)
            {
                if (tif is TimeInForce.Ioc or TimeInForce.Fok)
                {
                    final = accepted with { Status = OrderStatus.Expired };
                    book.Orders[orderId] = final;
                    _events?.Invoke(new SpotOrderEvent(now, final, "EXPIRED", null));
                    return null;
                }

                final = accepted;
                book.OpenOrders.Add(final);
                book.Orders[orderId] = final;
                var holding = _balances[spendAsset];
                holding.Free -= spend;
                holding.Locked += spend;
                PublishBalances(now, spendAsset);
                return null;
            }

            var trade = Execute(book, orderId, request.Side, price, quantity, maker: false, locked: 0m, now);
            final = accepted with { ExecutedQuantity = quantity, CumulativeQuote = price * quantity, Status = OrderStatus.Filled, Fills = [trade] };
            book.Orders[orderId] = final;
            _events?.Invoke(new SpotOrderEvent(now, final, "TRADE", trade));
            PublishBalances(now, symbol.BaseAsset, symbol.QuoteAsset);
            return null;
        }
    }

    /// <summary>Cancels an open order found by id or client order id; -2011 when none is open. Its locked funds are freed.</summary>
    public ApiError? TryCancel(string symbol, long? orderId, string? clientOrderId, out SpotOrder canceled)
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

            var now = _time.GetUtcNow();
            var open = book.OpenOrders[index];
            canceled = open with { Status = OrderStatus.Canceled, UpdateTime = now };
            book.OpenOrders.RemoveAt(index);
            book.Orders[canceled.OrderId] = canceled;
            var (asset, amount) = Locked(open);
            var holding = _balances[asset];
            holding.Locked -= amount;
            holding.Free += amount;
            _events?.Invoke(new SpotOrderEvent(now, canceled, "CANCELED", null));
            PublishBalances(now, asset);
            return null;
        }
    }

    /// <summary>The latest state of an order by id, or by client order id (the most recent order that used it); -2013 when none.</summary>
    public ApiError? TryGetOrder(string symbol, long? orderId, string? clientOrderId, out SpotOrder order) =>
        VenueOrders.TryGet<SpotOrder, Book>(_books, _lock, symbol, orderId, clientOrderId, out order);

    /// <summary>Resting orders of one pair, or of all when <paramref name="symbol"/> is null, oldest first.</summary>
    public IReadOnlyList<SpotOrder> OpenOrders(string? symbol) => VenueOrders.Open<SpotOrder, Book>(_books.Values, _lock, symbol);

    /// <summary>
    /// myTrades, ascending by id. Accepted combinations (binance-wire.md §6.1): symbol alone (the newest
    /// <c>limit</c> rows), + orderId, + startTime, + endTime, + fromId, + startTime + endTime, + orderId + fromId.
    /// A time window is at most 24 hours; a missing bound is the other one ± 24 hours.
    /// </summary>
    public ApiError? TryGetTrades(SpotTradeQuery query, out IReadOnlyList<SpotTrade> trades)
    {
        ArgumentNullException.ThrowIfNull(query);
        trades = [];
        if (!_books.TryGetValue(query.Symbol, out var book))
        {
            return ApiError.InvalidSymbol;
        }

        var timed = query.StartTime is not null || query.EndTime is not null;
        if (timed && (query.FromId is not null || query.OrderId is not null))
        {
            return ApiError.ParameterCombination;
        }

        if (query.Limit is < 1 or > 1000)
        {
            return ApiError.InvalidParameter("limit");
        }

        lock (_lock)
        {
            IEnumerable<SpotTrade> rows = book.Trades;
            if (query.OrderId is { } orderId)
            {
                rows = rows.Where(t => t.OrderId == orderId);
            }

            if (query.FromId is { } fromId)
            {
                rows = rows.Where(t => t.Id >= fromId);
            }

            if (timed)
            {
                var (start, end) = (query.StartTime, query.EndTime) switch
                {
                    ({ } s, { } e) => (s, e),
                    ({ } s, null) => (s, s + MaxTradeWindow),
                    (null, { } e) => (e - MaxTradeWindow, e),
                    (null, null) => throw new InvalidOperationException("unreachable: timed without a bound"),
                };
                if (end < start)
                {
                    return ApiError.InvalidParameter("startTime");
                }

                if (end - start > MaxTradeWindow)
                {
                    return SpotErrors.WindowTooLong;
                }

                rows = rows.Where(t => t.Time >= start && t.Time <= end);
            }

            // Without fromId or times Binance answers the most recent rows, still oldest first.
            var newest = query.FromId is null && !timed;
            trades = newest ? [.. rows.TakeLast(query.Limit)] : [.. rows.Take(query.Limit)];
            return null;
        }
    }

    /// <summary>Parameter rules that need no state: filters, precision, which fields go with which type.</summary>
    private static ApiError? CheckShape(PaperSymbol symbol, SpotOrderRequest request)
    {
        if (request.ClientOrderId is not null && !ClientOrderIdPattern().IsMatch(request.ClientOrderId))
        {
            return SpotErrors.InvalidClientOrderId;
        }

        if (request.Type == SpotOrderType.Market)
        {
            if (request.Quantity is not null && request.QuoteOrderQuantity is not null)
            {
                return ApiError.ParameterCombination;
            }

            if (request.Quantity is null && request.QuoteOrderQuantity is null)
            {
                return SpotErrors.QuantityOrQuote;
            }

            if (request.QuoteOrderQuantity is { } quote && quote <= 0)
            {
                return ApiError.InvalidParameter("quoteOrderQty");
            }
        }
        else
        {
            if (request.QuoteOrderQuantity is not null)
            {
                return ApiError.NotRequired("quoteOrderQty");
            }

            if (request.Quantity is null)
            {
                return ApiError.MandatoryParameter("quantity");
            }

            if (SymbolFilters.CheckPrice(symbol, request.Price) is { } priceError)
            {
                return priceError;
            }
        }

        return request.Quantity is { } quantity ? SymbolFilters.CheckQuantity(symbol, quantity) : null;
    }

    /// <summary>Fills, as maker at their own price, the resting orders the current price has reached. Under the lock.</summary>
    private void FillRestingOrders(Book book, DateTimeOffset now)
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
            var (_, locked) = Locked(order);
            var trade = Execute(book, order.OrderId, order.Side, order.Price, order.OriginalQuantity, maker: true, locked, now);
            var filled = order with
            {
                ExecutedQuantity = order.OriginalQuantity,
                CumulativeQuote = order.Price * order.OriginalQuantity,
                Status = OrderStatus.Filled,
                UpdateTime = now,
                Fills = [trade],
            };
            book.Orders[order.OrderId] = filled;
            _events?.Invoke(new SpotOrderEvent(now, filled, "TRADE", trade));
            PublishBalances(now, book.Symbol.BaseAsset, book.Symbol.QuoteAsset);
        }
    }

    /// <summary>
    /// Books one fill: the payer's asset leaves (from locked for a resting order, else free), the received asset
    /// arrives less the fee. Buy 0.5 @ 100 at 0.1 %: −50 quote, +0.4995 base (fee 0.0005 base).
    /// </summary>
    private SpotTrade Execute(Book book, long orderId, Side side, decimal price, decimal quantity, bool maker, decimal locked, DateTimeOffset now)
    {
        var symbol = book.Symbol;
        var rate = maker ? _options.MakerFeeRate : _options.TakerFeeRate;
        var quote = price * quantity;
        var (paid, paidAmount, received, receivedAmount) = side == Side.Buy
            ? (symbol.QuoteAsset, quote, symbol.BaseAsset, quantity)
            : (symbol.BaseAsset, quantity, symbol.QuoteAsset, quote);
        var fee = Math.Round(receivedAmount * rate, 8, MidpointRounding.ToEven);
        var payer = _balances[paid];
        if (locked > 0)
        {
            payer.Locked -= locked;
            payer.Free += locked - paidAmount;
        }
        else
        {
            payer.Free -= paidAmount;
        }

        _balances[received].Free += receivedAmount - fee;
        var trade = new SpotTrade(symbol, book.NextTradeId++, orderId, side, price, quantity, fee, received, maker, now);
        book.Trades.Add(trade);
        return trade;
    }

    private static (string Asset, decimal Amount) Locked(SpotOrder order) =>
        order.Side == Side.Buy ? (order.Symbol.QuoteAsset, order.Price * order.OriginalQuantity) : (order.Symbol.BaseAsset, order.OriginalQuantity);

    private void PublishBalances(DateTimeOffset now, params string[] assets)
    {
        if (_events is null)
        {
            return;
        }

        _events(new SpotBalanceEvent(now, [.. assets.Distinct(StringComparer.Ordinal).Select(a => new SpotBalance(a, _balances[a].Free, _balances[a].Locked))]));
    }

    [GeneratedRegex("^[a-zA-Z0-9-_]{1,36}$", RegexOptions.CultureInvariant)]
    private static partial Regex ClientOrderIdPattern();

    private sealed class Holding
    {
        public decimal Free { get; set; }

        public decimal Locked { get; set; }
    }

    /// <summary>Everything the venue keeps for one pair.</summary>
    private sealed class Book(PaperSymbol symbol, long firstTradeId) : IOrderBook<SpotOrder>
    {
        public PaperSymbol Symbol { get; } = symbol;

        public long NextTradeId { get; set; } = firstTradeId;

        /// <summary>Ascending by id, which is also ascending by time.</summary>
        public List<SpotTrade> Trades { get; } = [];

        public List<SpotOrder> OpenOrders { get; } = [];

        public Dictionary<long, SpotOrder> Orders { get; } = [];
    }
}
