namespace Tally.PaperExchange.Spot;

/// <summary>
/// The spot side of a paper exchange (<c>/api/v3</c>, <c>/ws-api/v3</c>): its symbols, the account's starting
/// balances, fees and limits. Seed, clock and key pair come from <see cref="PaperExchangeOptions"/>.
/// </summary>
public sealed class SpotOptions
{
    /// <summary>Spot pairs; their prices walk apart from the futures ones (own seed stream).</summary>
    public IReadOnlyList<PaperSymbol> Symbols { get; set; } = DefaultSymbols;

    /// <summary>Free balance per asset at start; assets not named start at zero.</summary>
    public IReadOnlyDictionary<string, decimal> InitialBalances { get; set; } = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["USDT"] = 1_000_000m,
        ["BTC"] = 10m,
        ["ETH"] = 100m,
        ["BNB"] = 1_000m,
    };

    /// <summary>Taker fee as a fraction of the received amount (Binance's base spot rate: 0.001 = 0.1 %).</summary>
    public decimal TakerFeeRate { get; set; } = 0.001m;

    /// <summary>Maker fee for resting orders that fill later, charged like the taker fee.</summary>
    public decimal MakerFeeRate { get; set; } = 0.001m;

    /// <summary>REQUEST_WEIGHT per minute and per IP (Binance spot, 2026 recordings: 6000).</summary>
    public int RequestWeightPerMinute { get; set; } = 6000;

    /// <summary>ORDERS per 10 seconds (Binance spot: 100).</summary>
    public int OrdersPer10Seconds { get; set; } = 100;

    /// <summary>ORDERS per day (Binance spot: 200 000).</summary>
    public int OrdersPerDay { get; set; } = 200_000;

    /// <summary>How often the WebSocket API pings each connection (Binance: 20 s).</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A connection that has not answered a ping with a pong within this time is closed (Binance: 1 min).</summary>
    public TimeSpan PongTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Share of user-data events (executionReport, outboundAccountPosition) never sent (0…1).</summary>
    public decimal StreamDropRate { get; set; }

    /// <summary>Five pairs with Binance-like tick and step sizes and a 5 USDT minimum notional.</summary>
    public static IReadOnlyList<PaperSymbol> DefaultSymbols { get; } =
    [
        new("BTCUSDT", "BTC", "USDT", 0.01m, 0.00001m, 9000m, 5m, 90000.00m, 500),
        new("ETHUSDT", "ETH", "USDT", 0.01m, 0.0001m, 9000m, 5m, 3000.00m, 30),
        new("BNBUSDT", "BNB", "USDT", 0.01m, 0.001m, 9000m, 5m, 600.00m, 10),
        new("SOLUSDT", "SOL", "USDT", 0.01m, 0.001m, 9000m, 5m, 140.00m, 10),
        new("ETHBTC", "ETH", "BTC", 0.00001m, 0.0001m, 100000m, 0.0001m, 0.03330m, 5),
    ];

    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Symbols);
        ArgumentNullException.ThrowIfNull(InitialBalances);
        if (Symbols.Count == 0 || Symbols.Select(s => s.Symbol).Distinct(StringComparer.Ordinal).Count() != Symbols.Count)
        {
            throw new ArgumentException("Spot symbols must be non-empty and distinct.", nameof(Symbols));
        }

        foreach (var symbol in Symbols)
        {
            if (symbol.TickSize <= 0 || symbol.StepSize <= 0 || symbol.StartPrice <= 0 || symbol.StartPrice % symbol.TickSize != 0 || symbol.MaxTicksPerStep < 0)
            {
                throw new ArgumentException($"{symbol.Symbol}: tick, step and start price must be positive and the start price a multiple of the tick.", nameof(Symbols));
            }
        }

        if (InitialBalances.Values.Any(v => v < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(InitialBalances), "Balances cannot be negative.");
        }

        if (TakerFeeRate is < 0 or >= 1 || MakerFeeRate is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(TakerFeeRate), "Spot fee rates must be in [0, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(RequestWeightPerMinute);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(OrdersPer10Seconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(OrdersPerDay);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PingInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PongTimeout, TimeSpan.Zero);
        if (StreamDropRate is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(StreamDropRate), StreamDropRate, "Must be in [0, 1].");
        }
    }
}
