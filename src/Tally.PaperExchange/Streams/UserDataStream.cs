using System.Text.Json;
using System.Threading.Channels;
using Tally.Core;
using Tally.PaperExchange.Apis;
using Tally.PaperExchange.Wire;

namespace Tally.PaperExchange.Streams;

/// <summary>
/// The account's listenKey and the WebSocket connections reading its events. Events arrive from the venue
/// under its lock, are serialized once and offered to every connection without blocking. Thread safe: one lock.
/// </summary>
public sealed class UserDataStream
{
    /// <summary>A listenKey lives 60 minutes unless extended with PUT.</summary>
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromMinutes(60);

    // Per connection. Binance disconnects a consumer that cannot keep up rather than stall the account; so
    // does this: when a connection's buffer is full it is completed (closed), and the client must back-fill over
    // REST. 10 000 events is minutes of heavy trading, far more than a live test client lags.
    private const int ConnectionBuffer = 10_000;

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly decimal _takerFeeRate;
    private readonly Random _keys;
    private readonly List<Channel<string>> _connections = [];
    private readonly Queue<StreamFault> _scriptedFaults = new();
    private readonly Random _faultDraws;
    private readonly decimal _dropRate;
    private readonly decimal _duplicateRate;
    private readonly decimal _reorderRate;
    private string? _listenKey;
    private DateTimeOffset _expires;
    private string? _heldBack;

    public UserDataStream(TimeProvider time, int seed, decimal takerFeeRate, decimal dropRate = 0, decimal duplicateRate = 0, decimal reorderRate = 0)
    {
        _time = time;
        _takerFeeRate = takerFeeRate;
        _keys = new Random(unchecked(seed ^ 0x11573));
        _faultDraws = new Random(unchecked(seed ^ 0x57EA));
        _dropRate = dropRate;
        _duplicateRate = duplicateRate;
        _reorderRate = reorderRate;
    }

    /// <summary>Scripts the faults of the next events, in order (admin endpoint).</summary>
    public void Enqueue(StreamFault fault, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_lock)
        {
            for (var i = 0; i < count; i++)
            {
                _scriptedFaults.Enqueue(fault);
            }
        }
    }

    /// <summary>POST: the active key, extended; or a new one.</summary>
    public string Start()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_listenKey is null || _expires <= now)
            {
                var bytes = new byte[32];
                _keys.NextBytes(bytes);
                _listenKey = Convert.ToBase64String(bytes).Replace('+', 'x').Replace('/', 'y').TrimEnd('=');
            }

            _expires = now + KeyLifetime;
            return _listenKey;
        }
    }

    /// <summary>PUT: extends the active key; -1125 when there is none.</summary>
    public ApiError? KeepAlive()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_listenKey is null || _expires <= now)
            {
                return ListenKeyMissing;
            }

            _expires = now + KeyLifetime;
            return null;
        }
    }

    /// <summary>DELETE: closes the key and every connection reading it.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _listenKey = null;
            CloseConnections();
        }
    }

    /// <summary>
    /// Admin: expires the active key now, as Binance does at the end of its life: every connection gets a
    /// <c>listenKeyExpired</c> event (E as a string, as recorded) and is closed; a keep-alive then answers -1125.
    /// </summary>
    /// <returns>False when there was no active key.</returns>
    public bool ExpireNow()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_listenKey is null || _expires <= now)
            {
                return false;
            }

            // The key is [A-Za-z0-9] only, so it needs no JSON escaping.
            Send($"{{\"e\":\"listenKeyExpired\",\"E\":\"{WireFormat.Millis(now).ToString(System.Globalization.CultureInfo.InvariantCulture)}\",\"listenKey\":\"{_listenKey}\"}}");
            _listenKey = null;
            _heldBack = null;
            CloseConnections();
            return true;
        }
    }

    public static ApiError ListenKeyMissing { get; } = new(400, -1125, "This listenKey does not exist.");

    /// <summary>A reader of the events from now on, or null when <paramref name="listenKey"/> is not the live key.</summary>
    public ChannelReader<string>? Connect(string listenKey)
    {
        lock (_lock)
        {
            if (_listenKey is null || listenKey != _listenKey || _expires <= _time.GetUtcNow())
            {
                return null;
            }

            var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(ConnectionBuffer) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
            _connections.Add(channel);
            return channel.Reader;
        }
    }

    public void Disconnect(ChannelReader<string> reader)
    {
        lock (_lock)
        {
            _connections.RemoveAll(c => c.Reader == reader);
        }
    }

    /// <summary>The venue's event sink: serializes once, offers to every connection, drops a connection that is full.</summary>
    public void Publish(VenueEvent venueEvent)
    {
        ArgumentNullException.ThrowIfNull(venueEvent);
        var json = venueEvent switch
        {
            OrderEvent e => JsonSerializer.Serialize(ToWire(e), PaperJsonContext.Default.OrderTradeUpdateEvent),
            PositionEvent e => JsonSerializer.Serialize(ToWire(e, _takerFeeRate), PaperJsonContext.Default.AccountUpdateEvent),
            BalanceEvent e => JsonSerializer.Serialize(MoneyEventWire.ToWire(e), PaperJsonContext.Default.AccountUpdateEvent),
            LiquidationEvent e => JsonSerializer.Serialize(MoneyEventWire.ToWire(e), PaperJsonContext.Default.OrderTradeUpdateEvent),
            _ => throw new ArgumentOutOfRangeException(nameof(venueEvent), venueEvent, "unknown venue event"),
        };
        lock (_lock)
        {
            switch (NextFault())
            {
                case StreamFault.Drop or StreamFault.Silent:
                    return;
                case StreamFault.Duplicate:
                    Send(json);
                    Send(json);
                    break;
                case StreamFault.Reorder when _heldBack is null:
                    _heldBack = json;
                    return;
                case StreamFault.Disconnect:
                    CloseConnections();
                    return;
                case StreamFault.Reorder or null:
                    Send(json);
                    break;
            }

            if (_heldBack is { } held)
            {
                _heldBack = null;
                Send(held);
            }
        }
    }

    /// <summary>The scripted fault if any is queued, else a seeded draw at the configured rates. Under the lock.</summary>
    private StreamFault? NextFault()
    {
        if (_scriptedFaults.TryDequeue(out var scripted))
        {
            return scripted;
        }

        if (_dropRate + _duplicateRate + _reorderRate == 0)
        {
            return null;
        }

        var draw = _faultDraws.Next(1_000_000) / 1_000_000m;
        return draw < _dropRate ? StreamFault.Drop
            : draw < _dropRate + _duplicateRate ? StreamFault.Duplicate
            : draw < _dropRate + _duplicateRate + _reorderRate ? StreamFault.Reorder
            : null;
    }

    private void Send(string json)
    {
        for (var i = _connections.Count - 1; i >= 0; i--)
        {
            if (!_connections[i].Writer.TryWrite(json))
            {
                _connections[i].Writer.TryComplete();
                _connections.RemoveAt(i);
            }
        }
    }

    private void CloseConnections()
    {
        foreach (var connection in _connections)
        {
            connection.Writer.TryComplete();
        }

        _connections.Clear();
    }

    public static OrderTradeUpdateEvent ToWire(OrderEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var order = e.Order;
        var s = order.Symbol;
        var trade = e.Trade;
        var type = order.Type == OrderType.Market ? "MARKET" : "LIMIT";
        var response = OrderApi.ToResponse(order);
        var ms = WireFormat.Millis(e.At);
        return new OrderTradeUpdateEvent("ORDER_TRADE_UPDATE", ms, ms, new OrderUpdateBody(
            s.Symbol,
            order.ClientOrderId,
            order.Side.ToWireName(),
            type,
            response.TimeInForce,
            response.OrigQty,
            response.Price,
            response.AvgPrice,
            StopPrice: "0",
            e.ExecutionType,
            response.Status,
            order.OrderId,
            trade is null ? "0" : WireFormat.Plain(trade.Quantity),
            response.ExecutedQty,
            trade is null ? "0" : WireFormat.Plain(trade.Price),
            trade is null ? null : WireFormat.Amount(trade.Commission),
            trade is null ? null : s.QuoteAsset,
            ms,
            trade?.Id ?? 0,
            BidsNotional: "0",
            AsksNotional: "0",
            trade?.Maker ?? false,
            order.ReduceOnly,
            WorkingType: "CONTRACT_PRICE",
            type,
            order.PositionSide.ToWireName(),
            ClosePosition: false,
            trade is null ? "0" : WireFormat.Amount(trade.RealizedPnl),
            PriceProtect: false,
            IgnoreSi: 0,
            IgnoreSs: 0,
            SelfTradePreventionMode: "EXPIRE_MAKER",
            PriceMatch: "NONE",
            GoodTillDate: 0));
    }

    public static AccountUpdateEvent ToWire(PositionEvent e, decimal takerFeeRate)
    {
        ArgumentNullException.ThrowIfNull(e);
        var p = e.Position;
        var ms = WireFormat.Millis(e.At);
        var wallet = WireFormat.Fixed(e.WalletBalance, 8);
        return new AccountUpdateEvent("ACCOUNT_UPDATE", ms, ms, new AccountUpdateBody(
            "ORDER",
            [new AccountBalanceRow(p.Symbol.QuoteAsset, wallet, wallet, "0")],
            [
                new AccountPositionRow(
                    p.Symbol.Symbol,
                    WireFormat.Plain(p.Amount),
                    WireFormat.Plain(Math.Round(p.EntryPrice, 8)),
                    WireFormat.Plain(Math.Round(p.BreakEvenPrice(takerFeeRate), 8)),
                    WireFormat.Amount(e.AccumulatedRealized),
                    WireFormat.Amount(p.UnrealizedProfit),
                    "cross",
                    "0",
                    p.PositionSide.ToWireName()),
            ]));
    }
}
