using System.Globalization;
using Tally.Core;

namespace Tally.Workloads;

/// <summary>
/// Deterministic synthetic fill streams for benchmarks, demos and crash tests: the same arguments always
/// give the same fills, on every machine and .NET version.
/// </summary>
/// <remarks>
/// Every fill is one-way (<see cref="PositionSide.Both"/>) on venue <see cref="Venue"/>, account
/// <see cref="Account"/>, for one of <c>symbols</c> linear USDT contracts named S0001USDT, S0002USDT, … (the
/// <see cref="InstrumentCatalog"/> infers them). Each symbol's price is a random walk in cents starting
/// within 100.00 ± 20.00 and kept within 50.00 … 200.00; quantities have 3 decimals (0.001 … 10.000 to
/// open); the fee is 0.04 % of price × quantity in USDT, rounded to 8 places
/// (buy 1.5 @ 100.25 → fee 0.06015). Trade ids are "1", "2", … and timestamps run from <see cref="Start"/>
/// one millisecond apart. The generator tracks each symbol's net to steer the mix: about 10 % opens,
/// 35 % adds, 35 % reduces, 10 % exact closes and 10 % flips.
/// </remarks>
public static class SyntheticFills
{
    public const string Venue = "bench";
    public const string Account = Fill.DefaultAccount;
    public const string FeeAsset = "USDT";

    /// <summary>Timestamp of the first fill: 2025-01-01T00:00:00Z; fill n (1-based) is n − 1 ms later.</summary>
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The name of symbol <paramref name="number"/> (1-based): 1 → "S0001USDT", 12345 → "S12345USDT".</summary>
    public static string SymbolName(int number) =>
        string.Create(CultureInfo.InvariantCulture, $"S{number:D4}{FeeAsset}");

    /// <summary>Generates <paramref name="count"/> fills over <paramref name="symbols"/> symbols.</summary>
    /// <param name="endFlat">
    /// When true the last fills (at most <paramref name="symbols"/> + 1) close every open position, so
    /// folding the stream leaves every key flat and folding it again repeats exactly the same actions.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="count"/> is negative, <paramref name="symbols"/> is not positive, or a stream of exactly
    /// one fill is asked to end flat.
    /// </exception>
    public static Fill[] Generate(int count, int symbols, int seed, bool endFlat = false)
    {
        Validate(count, symbols, endFlat);
        var mixer = new FillMixer(count, symbols, seed, endFlat);
        var fills = new Fill[count];
        for (var i = 0; i < fills.Length; i++)
        {
            fills[i] = mixer.Next();
        }

        return fills;
    }

    /// <summary>
    /// The same fills as <see cref="Generate"/>, made one at a time as they are enumerated, for streams
    /// too large to hold. Each enumeration starts again from the first fill.
    /// </summary>
    public static IEnumerable<Fill> Stream(int count, int symbols, int seed, bool endFlat = false)
    {
        // Validated here, not inside the iterator, so bad arguments fail at the call and not at first use.
        Validate(count, symbols, endFlat);
        return Iterate(count, symbols, seed, endFlat);
    }

    private static IEnumerable<Fill> Iterate(int count, int symbols, int seed, bool endFlat)
    {
        var mixer = new FillMixer(count, symbols, seed, endFlat);
        while (mixer.HasNext)
        {
            yield return mixer.Next();
        }
    }

    private static void Validate(int count, int symbols, bool endFlat)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(symbols);
        if (endFlat && count == 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "a stream that ends flat needs no fills or at least two (one to open, one to close)");
        }
    }
}
