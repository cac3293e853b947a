using System.Collections.Frozen;

namespace Tally.Core.Risk;

/// <summary>
/// Every number the risk rules use, with the defaults of DESIGN §5. Fractions are fractions (0.003 = 0.3 %),
/// health scores are points on the 0–100 scale, durations are <see cref="TimeSpan"/>s. Asset names in the sets
/// are base assets (BTC, not BTCUSDT) and compare case-insensitively; symbols in <see cref="SymbolClasses"/>
/// and <see cref="CorrelationLeaders"/> are whole symbols.
/// </summary>
public sealed record RiskSettings
{
    /// <summary>The well-known meme coins classed <see cref="AssetClass.Meme"/> by default.</summary>
    public static readonly FrozenSet<string> DefaultMemeAssets = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "DOGE", "SHIB", "PEPE", "FLOKI", "BONK", "WIF", "BOME", "MEME", "TURBO", "NEIRO", "POPCAT", "MOG", "BRETT",
        "PNUT", "MEW", "BABYDOGE", "TRUMP", "PENGU", "FARTCOIN", "GOAT", "SATS", "RATS", "DOGS", "PEOPLE", "MYRO");

    // ---- trailing stops -------------------------------------------------------------------------------------

    /// <summary>Trailing distance for majors (BTC, ETH): 0.3 %.</summary>
    public decimal TrailingDistanceMajor { get; init; } = 0.003m;

    /// <summary>Trailing distance for regular symbols (and forex): 0.5 %.</summary>
    public decimal TrailingDistanceRegular { get; init; } = 0.005m;

    /// <summary>Trailing distance for meme coins: 17.5 %.</summary>
    public decimal TrailingDistanceMeme { get; init; } = 0.175m;

    /// <summary>
    /// Optional activation of every trailing stop, as a fraction beyond the entry (0.01: a long's stop starts once a
    /// tick reaches entry × 1.01, a short's at entry × 0.99); null (default): trailing starts at the entry.
    /// </summary>
    public decimal? TrailingActivation { get; init; }

    /// <summary>
    /// Watch each strategy position's take-profit and stop-loss prices on every tick and exit with reason
    /// take_profit / stop_loss when a tick reaches them (for venues without conditional orders). Default on.
    /// </summary>
    public bool WatchTakeProfitStopLoss { get; init; } = true;

    /// <summary>While the health score is in its tightened band every distance becomes min(d, this): 0.3 %.</summary>
    public decimal TightenedDistance { get; init; } = 0.003m;

    /// <summary>Base assets classed <see cref="AssetClass.Major"/>.</summary>
    public IReadOnlySet<string> MajorAssets { get; init; } = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "BTC", "ETH");

    /// <summary>Base assets classed <see cref="AssetClass.Meme"/>.</summary>
    public IReadOnlySet<string> MemeAssets { get; init; } = DefaultMemeAssets;

    /// <summary>Base assets classed <see cref="AssetClass.Forex"/>.</summary>
    public IReadOnlySet<string> ForexAssets { get; init; } =
        FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "EUR", "GBP", "AUD", "JPY", "CHF", "CAD", "NZD");

    /// <summary>Per-symbol classes that win over the asset sets (e.g. <c>XYZUSDT → Meme</c>).</summary>
    public IReadOnlyDictionary<string, AssetClass> SymbolClasses { get; init; } =
        FrozenDictionary<string, AssetClass>.Empty;

    // ---- dump detector --------------------------------------------------------------------------------------

    /// <summary>(a) taker sell &gt; taker buy in each of this many last closed candles: 3.</summary>
    public int DumpPressureCandles { get; init; } = 3;

    /// <summary>(b) the order-flow flip looks at this many candles before the last one: 5.</summary>
    public int FlowFlipWindow { get; init; } = 5;

    /// <summary>(b) buy:sell over the window and sell:buy in the last candle must each reach this ratio: 2.5.</summary>
    public decimal FlowFlipRatio { get; init; } = 2.5m;

    /// <summary>(c) momentum break: price below the highest since entry by more than this fraction: 0.5 %.</summary>
    public decimal MomentumBreak { get; init; } = 0.005m;

    /// <summary>How many of the three dump signals make an exit: 2.</summary>
    public int DumpSignalsRequired { get; init; } = 2;

    // ---- correlated dump ------------------------------------------------------------------------------------

    /// <summary>The leaders whose dump takes correlated longs out with them.</summary>
    public IReadOnlySet<string> CorrelationLeaders { get; init; } =
        FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "BTCUSDT", "ETHUSDT");

    /// <summary>A leader at or below this fraction of its highest price of the lookback has dumped: 98.5 %.</summary>
    public decimal LeaderDumpFraction { get; init; } = 0.985m;

    /// <summary>How far back the leader's highest price is taken: 5 minutes.</summary>
    public TimeSpan LeaderLookback { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Longs whose correlation to the dumping leader is at least this exit: 0.7.</summary>
    public decimal CorrelationThreshold { get; init; } = 0.7m;

    /// <summary>The correlation is measured over 1-minute log returns of this window: 60 minutes.</summary>
    public TimeSpan CorrelationWindow { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>Fewer aligned returns than this and the per-class default is used: 30.</summary>
    public int CorrelationMinPoints { get; init; } = 30;

    /// <summary>Assumed correlation of a major when too few points are known: 0.75.</summary>
    public decimal CorrelationDefaultMajor { get; init; } = 0.75m;

    /// <summary>Assumed correlation of any other symbol when too few points are known: 0.5.</summary>
    public decimal CorrelationDefaultOther { get; init; } = 0.5m;

    // ---- portfolio health -----------------------------------------------------------------------------------

    /// <summary>Entering below this score: StopNewEntries. 70.</summary>
    public decimal HealthStopEntriesBelow { get; init; } = 70m;

    /// <summary>Entering below this score: tighten every trailing distance. 50.</summary>
    public decimal HealthTightenBelow { get; init; } = 50m;

    /// <summary>Entering below this score: close the worst positions. 30.</summary>
    public decimal HealthCloseWorstBelow { get; init; } = 30m;

    /// <summary>A band re-arms (and its gate lifts) when the score is this many points above it: 5.</summary>
    public decimal HealthRearmMargin { get; init; } = 5m;

    /// <summary>Health actions fire only while at least this many strategy positions are open: 3.</summary>
    public int HealthMinPositions { get; init; } = 3;

    /// <summary>How many of the worst positions the lowest band closes: 2.</summary>
    public int HealthCloseWorstCount { get; init; } = 2;

    // ---- daily drawdown circuit breaker ---------------------------------------------------------------------

    /// <summary>What the drawdown is measured from: <see cref="BreakerBasis.DayStart"/>.</summary>
    public BreakerBasis BreakerBasis { get; init; } = BreakerBasis.DayStart;

    /// <summary>Level 1: close the worst half (rounded up). 3 %.</summary>
    public decimal BreakerCloseWorstHalf { get; init; } = 0.03m;

    /// <summary>Level 2: close all. 4 %.</summary>
    public decimal BreakerCloseAll { get; init; } = 0.04m;

    /// <summary>Level 3: close all and stop all trading until reset. 5 %.</summary>
    public decimal BreakerHalt { get; init; } = 0.05m;

    // ---- maximum hold time ----------------------------------------------------------------------------------

    /// <summary>Strategies marked <c>scalping</c>.</summary>
    public IReadOnlySet<string> ScalpingStrategies { get; init; } = FrozenSet<string>.Empty;

    /// <summary>Maximum hold of a scalping strategy's position: 30 minutes.</summary>
    public TimeSpan ScalpingMaxHold { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Maximum hold of a meme coin position: 24 hours.</summary>
    public TimeSpan MemeMaxHold { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Maximum hold of a forex position: 4 hours.</summary>
    public TimeSpan ForexMaxHold { get; init; } = TimeSpan.FromHours(4);

    // ---- cadence --------------------------------------------------------------------------------------------

    /// <summary>The portfolio rules run every this often (offline: at the first tick at or after each boundary): 10 s.</summary>
    public TimeSpan EvaluationInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The settings' problems, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Fraction(string name, decimal value, bool allowOne = false)
        {
            if (value <= 0m || value > 1m || (value == 1m && !allowOne))
            {
                problems.Add($"{name} must be a fraction in (0, 1), got {value}");
            }
        }

        Fraction(nameof(TrailingDistanceMajor), TrailingDistanceMajor);
        Fraction(nameof(TrailingDistanceRegular), TrailingDistanceRegular);
        Fraction(nameof(TrailingDistanceMeme), TrailingDistanceMeme);
        Fraction(nameof(TightenedDistance), TightenedDistance);
        Fraction(nameof(MomentumBreak), MomentumBreak);
        if (TrailingActivation is { } activation && (activation < 0m || activation >= 1m))
        {
            problems.Add($"{nameof(TrailingActivation)} must be a fraction in [0, 1), got {activation}");
        }

        Fraction(nameof(LeaderDumpFraction), LeaderDumpFraction);
        Fraction(nameof(BreakerCloseWorstHalf), BreakerCloseWorstHalf);
        Fraction(nameof(BreakerCloseAll), BreakerCloseAll);
        Fraction(nameof(BreakerHalt), BreakerHalt, allowOne: true);
        if (!(BreakerCloseWorstHalf <= BreakerCloseAll && BreakerCloseAll <= BreakerHalt))
        {
            problems.Add("breaker levels must not decrease: close worst half ≤ close all ≤ halt");
        }

        if (!(HealthCloseWorstBelow <= HealthTightenBelow && HealthTightenBelow <= HealthStopEntriesBelow))
        {
            problems.Add("health bands must not decrease: close worst ≤ tighten ≤ stop entries");
        }

        if (HealthRearmMargin < 0m)
        {
            problems.Add($"{nameof(HealthRearmMargin)} must not be negative");
        }

        if (DumpPressureCandles < 1 || FlowFlipWindow < 1 || DumpSignalsRequired is < 1 or > 3)
        {
            problems.Add("dump detector: candle counts must be positive and 1 to 3 signals required");
        }

        if (FlowFlipRatio <= 0m)
        {
            problems.Add($"{nameof(FlowFlipRatio)} must be positive");
        }

        if (CorrelationMinPoints < 2 || CorrelationWindow <= TimeSpan.Zero || LeaderLookback <= TimeSpan.Zero)
        {
            problems.Add("correlation: at least 2 points and positive windows");
        }

        if (EvaluationInterval <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(EvaluationInterval)} must be positive");
        }

        return problems;
    }
}
