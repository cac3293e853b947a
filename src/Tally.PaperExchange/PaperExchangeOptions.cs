using Tally.Core;

namespace Tally.PaperExchange;

/// <summary>
/// How to start a paper exchange. Everything that shapes its answers (prices, ids, keys) derives from
/// <see cref="Seed"/> and the requests it receives, so a test that sends the same requests gets the same answers.
/// </summary>
public sealed partial class PaperExchangeOptions
{
    /// <summary>Seeds the price walks and, when not given, the API key and secret.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>TCP port on 127.0.0.1; 0 lets the operating system pick a free one.</summary>
    public int Port { get; set; }

    /// <summary>The exchange's clock: server time, trade times, signature windows, rate-limit windows.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The one account's API key; derived from <see cref="Seed"/> when null.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The one account's HMAC secret; derived from <see cref="Seed"/> when null.</summary>
    public string? ApiSecret { get; set; }

    public IReadOnlyList<PaperSymbol> Symbols { get; set; } = PaperSymbol.Defaults;

    /// <summary>The account's position mode at start; Binance's default is one-way.</summary>
    public PositionMode PositionMode { get; set; } = PositionMode.OneWay;

    /// <summary>REQUEST_WEIGHT per minute and per IP, as exchangeInfo publishes it (Binance fapi: 2400).</summary>
    public int RequestWeightPerMinute { get; set; } = 2400;

    /// <summary>ORDERS per 10 seconds for the account (Binance fapi docs: 300).</summary>
    public int OrdersPer10Seconds { get; set; } = 300;

    /// <summary>ORDERS per minute for the account (Binance fapi docs: 1200).</summary>
    public int OrdersPerMinute { get; set; } = 1200;

    /// <summary>The first IP ban after requests ignored a 429; each further ban doubles, up to <see cref="MaxBan"/>.</summary>
    public TimeSpan FirstBan { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan MaxBan { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Taker fee as a fraction of notional, charged in the quote asset (0.0004 = 0.04 %).</summary>
    public decimal TakerFeeRate { get; set; } = 0.0004m;

    /// <summary>Maker fee for resting LIMIT orders that fill later (0.0002 = 0.02 %).</summary>
    public decimal MakerFeeRate { get; set; } = 0.0002m;

    /// <summary>Share of signed requests answered 503 "Service Unavailable." without being executed (0…1).</summary>
    public decimal UnavailableRate { get; set; }

    /// <summary>Share of executed orders whose answer is lost (503 unknown or 408 timeout) (0…1).</summary>
    public decimal LostReplyRate { get; set; }

    /// <summary>Share of user-data events never sent (0…1).</summary>
    public decimal StreamDropRate { get; set; }

    /// <summary>Share of user-data events sent twice (0…1).</summary>
    public decimal StreamDuplicateRate { get; set; }

    /// <summary>Share of user-data events sent after the next one (0…1).</summary>
    public decimal StreamReorderRate { get; set; }

    /// <summary>Share of user-data events held back for <see cref="StreamDelay"/>, with every later event behind them (0…1).</summary>
    public decimal StreamDelayRate { get; set; }

    /// <summary>How long a delay fault holds the stream, on <see cref="TimeProvider"/>'s clock.</summary>
    public TimeSpan StreamDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Share of market-stream messages (aggTrade, markPrice, kline) never sent (0…1).</summary>
    public decimal MarketDropRate { get; set; }

    /// <summary>Share of market-stream messages sent twice (0…1).</summary>
    public decimal MarketDuplicateRate { get; set; }

    /// <summary>Share of market-stream messages sent after the next one (0…1).</summary>
    public decimal MarketReorderRate { get; set; }

    /// <summary>Share of market-stream messages held back for <see cref="StreamDelay"/>, with every later one behind them (0…1).</summary>
    public decimal MarketDelayRate { get; set; }

    /// <summary>Send TRADE_LITE before each fill's ORDER_TRADE_UPDATE, as Binance does.</summary>
    public bool TradeLiteEvents { get; set; } = true;

    /// <summary>The server pings every user-data connection this often (Binance fapi: 3 minutes). Wall clock.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>A connection that has not answered a ping within this is dropped (Binance fapi: 10 minutes). Wall clock.</summary>
    public TimeSpan PongTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Wall-clock period at which open connections check whether the listenKey outlived its 60 minutes on
    /// <see cref="TimeProvider"/>'s clock (then listenKeyExpired and close). Polled, not a timer on that clock,
    /// because a virtual clock may run timers at once.
    /// </summary>
    public TimeSpan ListenKeyCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// What a listenKey that outlives its 60 minutes does: true (Binance) sends listenKeyExpired to every connection
    /// and closes them; false only lets the key lapse (keep-alive -1125, new connections refused) while open sockets
    /// stay open — a stream that went quiet without saying so.
    /// </summary>
    public bool ListenKeyExpiredEvents { get; set; } = true;

    /// <summary>A "429 storm" from start: every request answers 429 -1003 with Retry-After for this long.</summary>
    public TimeSpan ThrottleFor { get; set; }

    /// <summary>The server's clock runs this far from <see cref="TimeProvider"/> (signed) for /time and the recvWindow check.</summary>
    public TimeSpan ClockSkew { get; set; }

    /// <summary>The account's USDT wallet at start; fills move it by realized PnL minus fees.</summary>
    public decimal InitialBalance { get; set; } = 10_000m;

    /// <summary>Leverage reported by positionRisk; the paper exchange has no margin model.</summary>
    public int Leverage { get; set; } = 20;

    /// <summary>The spot side served on the same host (<c>/api/v3</c>, <c>/ws-api/v3</c>).</summary>
    public Spot.SpotOptions Spot { get; set; } = new();

    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(Symbols);
        if (Symbols.Count == 0)
        {
            throw new ArgumentException("At least one symbol is needed.", nameof(Symbols));
        }

        if (Symbols.Select(s => s.Symbol).Distinct(StringComparer.Ordinal).Count() != Symbols.Count)
        {
            throw new ArgumentException("Symbols must be distinct.", nameof(Symbols));
        }

        foreach (var symbol in Symbols)
        {
            if (symbol.TickSize <= 0 || symbol.StepSize <= 0 || symbol.StartPrice <= 0 || symbol.StartPrice % symbol.TickSize != 0 || symbol.MaxTicksPerStep < 0)
            {
                throw new ArgumentException($"{symbol.Symbol}: tick, step and start price must be positive and the start price a multiple of the tick.", nameof(Symbols));
            }
        }

        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "Must be 0 (any free port) to 65535.");
        }

        if (RequestWeightPerMinute <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestWeightPerMinute), RequestWeightPerMinute, "Must be positive.");
        }

        if (OrdersPer10Seconds <= 0 || OrdersPerMinute <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(OrdersPerMinute), OrdersPerMinute, "Order limits must be positive.");
        }

        if (FirstBan <= TimeSpan.Zero || MaxBan < FirstBan)
        {
            throw new ArgumentOutOfRangeException(nameof(FirstBan), FirstBan, "Bans must be positive and FirstBan ≤ MaxBan.");
        }

        if (TakerFeeRate < 0 || TakerFeeRate >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(TakerFeeRate), TakerFeeRate, "Must be in [0, 1).");
        }

        if (MakerFeeRate <= -1 || MakerFeeRate >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MakerFeeRate), MakerFeeRate, "Must be in (-1, 1); negative is a rebate.");
        }

        if (StreamDropRate < 0 || StreamDuplicateRate < 0 || StreamReorderRate < 0 || StreamDelayRate < 0 || StreamDropRate + StreamDuplicateRate + StreamReorderRate + StreamDelayRate > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(StreamDropRate), "Stream fault rates must be non-negative and add up to at most 1.");
        }

        if (MarketDropRate < 0 || MarketDuplicateRate < 0 || MarketReorderRate < 0 || MarketDelayRate < 0 || MarketDropRate + MarketDuplicateRate + MarketReorderRate + MarketDelayRate > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MarketDropRate), "Market stream fault rates must be non-negative and add up to at most 1.");
        }

        if (StreamDelay < TimeSpan.Zero || ThrottleFor < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(StreamDelay), "StreamDelay and ThrottleFor must not be negative.");
        }

        if (PingInterval <= TimeSpan.Zero || PongTimeout <= TimeSpan.Zero || ListenKeyCheckInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(PingInterval), "PingInterval, PongTimeout and ListenKeyCheckInterval must be positive.");
        }

        if (UnavailableRate is < 0 or > 1 || LostReplyRate is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(UnavailableRate), "Fault rates must be in [0, 1].");
        }

        if (Leverage is < 1 or > 125)
        {
            throw new ArgumentOutOfRangeException(nameof(Leverage), Leverage, "Must be in [1, 125].");
        }

        ValidateMoney();
    }
}
