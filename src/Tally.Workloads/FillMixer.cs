using System.Globalization;
using Tally.Core;

namespace Tally.Workloads;

/// <summary>
/// The state machine behind <see cref="SyntheticFills"/>: picks a symbol, decides what the fill should do to
/// that symbol's net position, and writes the fill. Single use, one thread.
/// </summary>
/// <remarks>
/// An open position draws from 90 equally likely outcomes: 35 add, 35 reduce, 10 close exactly, 10 flip.
/// A flat symbol always opens. In the long run a tenth of the open fills close (10 of 90), so opens are
/// 1/9 of the open fills, i.e. one fill in ten; the whole stream is then about 10 % opens, 35 % adds,
/// 35 % reduces, 10 % closes and 10 % flips (minus the symbols still flat at the start, and the tail
/// when the stream must end flat).
/// </remarks>
internal sealed class FillMixer
{
    private const byte PriceScale = 2;
    private const byte QuantityScale = 3;

    // 0.04 % taker fee, rounded to 8 places (USDT is accounted to 1e-8).
    private const decimal FeeRate = 0.0004m;
    private const int FeeDecimals = 8;

    private const int MaxOpenLots = 10_000;   // up to 10.000 per opening fill
    private const int MaxAddLots = 5_000;     // up to 5.000 per add or past a flip
    private const int StartSpreadCents = 2_000; // symbols start within 100.00 ± 20.00
    private const int MaxStepCents = 10;      // the walk moves at most 0.10 per fill
    private const long MinPriceCents = 5_000; // kept within 50.00 … 200.00
    private const long MaxPriceCents = 20_000;

    private static readonly DateTimeOffset Start = SyntheticFills.Start;

    private readonly Random _random;
    private readonly string[] _symbols;
    private readonly SymbolWalk[] _walks;
    private readonly int _count;
    private readonly bool _endFlat;
    private int _emitted;
    private int _openSymbols;
    private int _windDownCursor;

    public FillMixer(int count, int symbols, int seed, bool endFlat)
    {
        // System.Random with a seed uses the same algorithm on every .NET version, so a seed names a stream.
        _random = new Random(seed);
        _count = count;
        _endFlat = endFlat;
        _symbols = new string[symbols];
        _walks = new SymbolWalk[symbols];
        for (var i = 0; i < symbols; i++)
        {
            _symbols[i] = SyntheticFills.SymbolName(i + 1);
            _walks[i].PriceCents = 10_000 + _random.Next(-StartSpreadCents, StartSpreadCents + 1);
        }
    }

    public bool HasNext => _emitted < _count;

    public Fill Next()
    {
        if (!HasNext)
        {
            throw new InvalidOperationException($"the stream of {_count} fills is exhausted");
        }

        var remaining = _count - _emitted;

        // To end flat, every open symbol needs one closing fill of its own. While more fills remain than
        // that plus one, the stream runs free; from then on it adds to an open symbol once if it has a
        // fill to spare, then closes them one by one (remaining 5 with 4 open: add, close, close, close, close).
        var (index, kind) = _endFlat && remaining <= _openSymbols + 1
            ? WindDown(remaining)
            : Choose();

        return Emit(index, kind);
    }

    private (int Index, FillKind Kind) Choose()
    {
        var index = _random.Next(_symbols.Length);
        var net = _walks[index].NetLots;
        if (net == 0)
        {
            return (index, FillKind.Open);
        }

        var roll = _random.Next(90);
        var kind = roll switch
        {
            < 35 => FillKind.Add,
            < 70 => FillKind.Reduce,
            < 80 => FillKind.Close,
            _ => FillKind.Flip,
        };

        // A position of one lot cannot be reduced without closing it.
        return (index, kind == FillKind.Reduce && Math.Abs(net) == 1 ? FillKind.Close : kind);
    }

    private (int Index, FillKind Kind) WindDown(int remaining)
    {
        // Validation rules out the one case with nothing open and a fill to spend (a stream of one fill).
        while (_walks[_windDownCursor].NetLots == 0)
        {
            _windDownCursor++;
        }

        return (_windDownCursor, remaining > _openSymbols ? FillKind.Add : FillKind.Close);
    }

    private Fill Emit(int index, FillKind kind)
    {
        ref var walk = ref _walks[index];
        var net = walk.NetLots;
        var held = Math.Abs(net);

        // Buy when opening or flipping toward long, adding to a long, or reducing a short.
        var (buy, lots) = kind switch
        {
            FillKind.Open => (_random.Next(2) == 0, (long)_random.Next(1, MaxOpenLots + 1)),
            FillKind.Add => (net > 0, (long)_random.Next(1, MaxAddLots + 1)),
            FillKind.Reduce => (net < 0, _random.NextInt64(1, held)),
            FillKind.Close => (net < 0, held),
            FillKind.Flip => (net < 0, held + _random.Next(1, MaxAddLots + 1)),
        };

        walk.PriceCents = Math.Clamp(walk.PriceCents + _random.Next(-MaxStepCents, MaxStepCents + 1), MinPriceCents, MaxPriceCents);
        walk.NetLots = buy ? net + lots : net - lots;
        _openSymbols += (net == 0, walk.NetLots == 0) switch
        {
            (true, false) => 1,
            (false, true) => -1,
            _ => 0,
        };

        var price = FixedPoint.FromUnits(walk.PriceCents, PriceScale);
        var quantity = FixedPoint.FromUnits(lots, QuantityScale);
        var fee = decimal.Round(price * quantity * FeeRate, FeeDecimals, MidpointRounding.ToEven);
        var sequence = ++_emitted;

        return new Fill(
            SyntheticFills.Venue,
            SyntheticFills.Account,
            _symbols[index],
            buy ? Side.Buy : Side.Sell,
            PositionSide.Both,
            quantity,
            price,
            fee,
            SyntheticFills.FeeAsset,
            sequence.ToString(CultureInfo.InvariantCulture),
            Start.AddTicks((sequence - 1) * TimeSpan.TicksPerMillisecond));
    }
}
