using System.Text.Json;
using System.Threading.Channels;
using Tally.Core;
using Tally.PaperExchange.Algo;
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

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly decimal _takerFeeRate;
    private readonly bool _tradeLite;
    private readonly bool _expiredEvents;
    private readonly Random _keys;

    /// <summary>The connections and the faults of their events (shared machinery with the market streams).</summary>
    private readonly StreamFanout _fanout;
    private string? _listenKey;
    private DateTimeOffset _expires;

    public UserDataStream(PaperExchangeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = options.TimeProvider;
        _takerFeeRate = options.TakerFeeRate;
        _tradeLite = options.TradeLiteEvents;
        _expiredEvents = options.ListenKeyExpiredEvents;
        _keys = new Random(unchecked(options.Seed ^ 0x11573));
        _fanout = new StreamFanout(
            options.TimeProvider,
            unchecked(options.Seed ^ 0x57EA),
            new StreamFaultRates(options.StreamDropRate, options.StreamDuplicateRate, options.StreamReorderRate, options.StreamDelayRate, options.StreamDelay),
            onlyWanted: false);
        PingInterval = options.PingInterval;
        PongTimeout = options.PongTimeout;
        ExpiryCheckInterval = options.ListenKeyCheckInterval;
    }

    /// <summary>How often the server pings each connection (Binance fapi: every 3 minutes).</summary>
    public TimeSpan PingInterval { get; }

    /// <summary>A connection whose pong is this late is dropped (Binance fapi: 10 minutes).</summary>
    public TimeSpan PongTimeout { get; }

    /// <summary>Wall-clock period at which an open connection asks <see cref="ExpireIfDue"/>.</summary>
    public TimeSpan ExpiryCheckInterval { get; }

    /// <summary>WebSocket connections reading the key now.</summary>
    public int Connections => _fanout.Connections;

    /// <summary>Messages a delay fault is holding (sent when the exchange clock passes the delay).</summary>
    public int HeldEvents => _fanout.HeldEvents;

    /// <summary>Scripts the faults of the next events, in order (admin endpoint).</summary>
    public void Enqueue(StreamFault fault, int count) => _fanout.Enqueue(fault, count, _fanout.DefaultDelay);

    /// <summary>Scripts the faults of the next events; <paramref name="delay"/> is how long a <see cref="StreamFault.Delay"/> holds them.</summary>
    public void Enqueue(StreamFault fault, int count, TimeSpan delay) => _fanout.Enqueue(fault, count, delay);

    /// <summary>POST: the active key, extended; or a new one.</summary>
    public string Start()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            ExpireIfDue(now);
            if (_listenKey is null)
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
            ExpireIfDue(now);
            if (_listenKey is null)
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
            _fanout.CloseAll();
        }
    }

    /// <summary>Sends <paramref name="text"/> as it is to every open connection, bypassing faults: a garbled event for tests.</summary>
    public void SendRaw(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _fanout.SendRaw(new StreamMessage(null, text));
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
            if (_listenKey is null)
            {
                return false;
            }

            Expire(_time.GetUtcNow());
            return true;
        }
    }

    /// <summary>
    /// Ends a key whose 60 minutes ran out without a keep-alive: listenKeyExpired to every connection, which is then
    /// closed. Asked on every key operation and event, and periodically by every open connection, so an idle stream
    /// notices too. True when it expired the key just now.
    /// </summary>
    public bool ExpireIfDue()
    {
        lock (_lock)
        {
            return ExpireIfDue(_time.GetUtcNow());
        }
    }

    public static ApiError ListenKeyMissing { get; } = new(400, -1125, "This listenKey does not exist.");

    /// <summary>A reader of the events from now on, or null when <paramref name="listenKey"/> is not the live key.</summary>
    public ChannelReader<string>? Connect(string listenKey)
    {
        lock (_lock)
        {
            ExpireIfDue(_time.GetUtcNow());
            if (_listenKey is null || listenKey != _listenKey)
            {
                return null;
            }

            return _fanout.Connect(static _ => true, static m => m.Json);
        }
    }

    public void Disconnect(ChannelReader<string> reader) => _fanout.Disconnect(reader);

    /// <summary>
    /// The venue's event sink: serializes once, offers to every connection, drops a connection that is full. A fill
    /// becomes two messages, TRADE_LITE then ORDER_TRADE_UPDATE, and each message meets its own fault draw.
    /// </summary>
    public void Publish(VenueEvent venueEvent)
    {
        ArgumentNullException.ThrowIfNull(venueEvent);
        string[] messages = venueEvent switch
        {
            OrderEvent { Trade: { } trade } e when _tradeLite =>
            [
                JsonSerializer.Serialize(ToTradeLite(e, trade), PaperJsonContext.Default.TradeLiteEvent),
                JsonSerializer.Serialize(ToWire(e), PaperJsonContext.Default.OrderTradeUpdateEvent),
            ],
            OrderEvent e => [JsonSerializer.Serialize(ToWire(e), PaperJsonContext.Default.OrderTradeUpdateEvent)],
            PositionEvent e => [JsonSerializer.Serialize(ToWire(e, _takerFeeRate), PaperJsonContext.Default.AccountUpdateEvent)],
            AlgoEvent e => [JsonSerializer.Serialize(AlgoOrderApi.ToWire(e), PaperJsonContext.Default.AlgoUpdateEvent)],
            BalanceEvent e => [JsonSerializer.Serialize(MoneyEventWire.ToWire(e), PaperJsonContext.Default.AccountUpdateEvent)],
            LiquidationEvent e => [JsonSerializer.Serialize(MoneyEventWire.ToWire(e), PaperJsonContext.Default.OrderTradeUpdateEvent)],
            _ => throw new ArgumentOutOfRangeException(nameof(venueEvent), venueEvent, "unknown venue event"),
        };
        lock (_lock)
        {
            ExpireIfDue(_time.GetUtcNow());
            foreach (var json in messages)
            {
                _fanout.Publish(new StreamMessage(null, json));
            }
        }
    }

    /// <summary>Ends the key if its time is up (quietly without <see cref="PaperExchangeOptions.ListenKeyExpiredEvents"/>). Under the lock.</summary>
    private bool ExpireIfDue(DateTimeOffset now)
    {
        if (_listenKey is null || _expires > now)
        {
            return false;
        }

        if (_expiredEvents)
        {
            Expire(now);
        }
        else
        {
            _listenKey = null;
        }

        return true;
    }

    /// <summary>listenKeyExpired (E as a string, as recorded) to every connection, then closes them. Under the lock.</summary>
    private void Expire(DateTimeOffset now)
    {
        // The key is [A-Za-z0-9] only, so it needs no JSON escaping. Sent past any hold: the key is gone either way.
        _fanout.SendFinal(new StreamMessage(null, $"{{\"e\":\"listenKeyExpired\",\"E\":\"{WireFormat.Millis(now).ToString(System.Globalization.CultureInfo.InvariantCulture)}\",\"listenKey\":\"{_listenKey}\"}}"));
        _listenKey = null;
        _fanout.CloseAll();
    }

    /// <summary>TRADE_LITE for one fill: the order's quantity and price (0 for MARKET), the fill's price and quantity.</summary>
    public static TradeLiteEvent ToTradeLite(OrderEvent e, PaperTrade trade)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(trade);
        var order = e.Order;
        var response = OrderApi.ToResponse(order);
        var ms = WireFormat.Millis(e.At);
        return new TradeLiteEvent(
            "TRADE_LITE",
            ms,
            ms,
            order.Symbol.Symbol,
            response.OrigQty,
            response.Price,
            trade.Maker,
            order.ClientOrderId,
            order.Side.ToWireName(),
            WireFormat.Plain(trade.Price),
            WireFormat.Plain(trade.Quantity),
            trade.Id,
            order.OrderId);
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
                    p.MarginType.ToPositionWireName(),
                    "0",
                    p.PositionSide.ToWireName()),
            ]));
    }
}
