using Tally.Core;

namespace Tally.PaperExchange;

/// <summary>
/// Liquidation, a deliberately simple cross-margin model (ours, not Binance's bracket tables):
/// maintenance margin MM = Σ |amount × mark| × r over every open position (r = MaintenanceMarginRate);
/// equity = wallet + Σ unrealized PnL. When a price move leaves equity &lt; MM, every open order is canceled and
/// every position is closed at its mark price by a LIQUIDATION order (client order id <c>autoclose-&lt;ms&gt;</c>),
/// charged LiquidationFeeRate × notional but never more than the wallet still holds. A loss larger than the wallet
/// leaves it negative; the insurance fund then brings it back to 0 (an INSURANCE_CLEAR income row and balance update).
/// </summary>
/// <remarks>
/// Worked example (r = 0.004, fee 1 %): wallet 1000, long 1 ETH @ 3000. At 2009 equity = 1000 − 991 = 9 ≥ MM = 8.036;
/// at 2008 equity = 8 &lt; MM = 8.032 → sell 1 @ 2008, realized −992, wallet 8, fee min(20.08, 8) = 8, wallet 0.
/// </remarks>
public sealed partial class PaperVenue
{
    /// <summary>Maintenance margin as a fraction of |notional| (<see cref="PaperExchangeOptions.MaintenanceMarginRate"/>).</summary>
    public decimal MaintenanceMarginRate => _options.MaintenanceMarginRate;

    /// <summary>
    /// The mark price of <paramref name="symbol"/> at which the account reaches its maintenance margin, every other
    /// symbol held at its current mark; 0 when flat or when no positive price gets there. Both hedge sides of the
    /// symbol move together: with Q = Σ amount, A = Σ |amount|, C = Σ amount × entry over the symbol's books and W, U, M
    /// the wallet, unrealized PnL and maintenance margin of the other symbols,
    /// W + U + Q·p − C = M + A·p·r  ⇒  p = (M − W − U + C) / (Q − A·r).
    /// Example: wallet 1000, long 1 @ 3000, r = 0.004: p = (0 − 1000 − 0 + 3000) / 0.996 = 2008.0321….
    /// </summary>
    public decimal LiquidationPrice(string symbol)
    {
        lock (_lock)
        {
            return LiquidationPriceOf(_books[symbol]);
        }
    }

    /// <summary>Equity and maintenance margin of the account now: (wallet + Σ unrealized, Σ |notional| × r).</summary>
    public (decimal Equity, decimal MaintenanceMargin) Margin()
    {
        lock (_lock)
        {
            return MarginNow();
        }
    }

    private decimal LiquidationPriceOf(SymbolBook target)
    {
        decimal q = 0, a = 0, c = 0, others = 0, otherMargin = 0;
        var rate = _options.MaintenanceMarginRate;
        foreach (var book in _books.Values)
        {
            var mark = _prices.Current(book.Symbol.Symbol);
            foreach (var position in book.Positions.Values)
            {
                if (position.Amount == 0)
                {
                    continue;
                }

                if (book == target)
                {
                    q += position.Amount;
                    a += Math.Abs(position.Amount);
                    c += position.Amount * position.EntryPrice;
                }
                else
                {
                    others += (mark - position.EntryPrice) * position.Amount;
                    otherMargin += Math.Abs(position.Amount * mark) * rate;
                }
            }
        }

        var slope = q - (a * rate);
        if (a == 0 || slope == 0)
        {
            return 0m;
        }

        var price = (otherMargin - _wallet - others + c) / slope;
        return price > 0 ? price : 0m;
    }

    private (decimal Equity, decimal MaintenanceMargin) MarginNow()
    {
        decimal unrealized = 0, margin = 0;
        foreach (var book in _books.Values)
        {
            var mark = _prices.Current(book.Symbol.Symbol);
            foreach (var position in book.Positions.Values)
            {
                unrealized += (mark - position.EntryPrice) * position.Amount;
                margin += Math.Abs(position.Amount * mark) * _options.MaintenanceMarginRate;
            }
        }

        return (_wallet + unrealized, margin);
    }

    /// <summary>Under the lock, after any price move: liquidates everything when equity has fallen below maintenance.</summary>
    private void LiquidateIfBelowMaintenance(DateTimeOffset now)
    {
        if (!_options.Liquidation || !_books.Values.Any(b => b.Positions.Values.Any(p => p.Amount != 0)))
        {
            return;
        }

        var (equity, maintenance) = MarginNow();
        if (equity >= maintenance)
        {
            return;
        }

        foreach (var book in _books.Values)
        {
            foreach (var open in book.OpenOrders)
            {
                var canceled = open with { Status = OrderStatus.Canceled, UpdateTime = now };
                book.Orders[canceled.OrderId] = canceled;
                _events?.Invoke(new OrderEvent(now, canceled, "CANCELED", null));
            }

            book.OpenOrders.Clear();
        }

        var clientOrderId = $"autoclose-{WireMillis(now)}";
        foreach (var book in _books.Values)
        {
            var mark = _prices.Current(book.Symbol.Symbol);
            foreach (var (side, position) in book.Positions.OrderBy(p => p.Key))
            {
                if (position.Amount != 0)
                {
                    CloseByLiquidation(book, side, position, mark, clientOrderId, now);
                }
            }
        }

        if (_wallet < 0)
        {
            var cleared = -_wallet;
            _wallet = 0m;
            var quote = _options.Symbols[0].QuoteAsset;
            AddIncome(string.Empty, IncomeType.InsuranceClear, cleared, quote, now, tradeId: null);
            _events?.Invoke(new BalanceEvent(now, BalanceChangeReason.InsuranceClear, string.Empty, quote, cleared, _wallet));
        }
    }

    private void CloseByLiquidation(SymbolBook book, PositionSide side, PaperPosition position, decimal mark, string clientOrderId, DateTimeOffset now)
    {
        var quantity = Math.Abs(position.Amount);
        var orderSide = position.Amount > 0 ? Side.Sell : Side.Buy;
        var realized = position.Apply(-position.Amount, mark, now);
        var fee = Math.Min(Math.Round(mark * quantity * _options.LiquidationFeeRate, 8, MidpointRounding.ToEven), Math.Max(_wallet + realized, 0m));
        var orderId = _nextOrderId++;
        var trade = new PaperTrade(book.Symbol, book.NextTradeId++, orderId, orderSide, side, mark, quantity, realized, fee, Maker: false, now);
        book.Trades.Add(trade);
        var order = new PaperOrder(orderId, book.Symbol, clientOrderId, orderSide, side, OrderType.Liquidation, TimeInForce.Ioc, ReduceOnly: false, mark, quantity, quantity, mark * quantity, OrderStatus.Filled, now);
        book.Orders[orderId] = order;
        var change = realized - fee;
        _wallet += change;
        AddFillIncome(trade);
        if (_events is null)
        {
            return;
        }

        _events(new LiquidationEvent(now, order, trade));
        var snapshot = new PositionSnapshot(book.Symbol, side, position.Amount, position.EntryPrice, mark, position.UpdateTime)
        {
            Leverage = LeverageOf(book),
            MarginType = book.MarginType,
        };
        _events(new PositionEvent(now, snapshot, position.AccumulatedRealized, _wallet, change));
    }

    private static long WireMillis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();
}
