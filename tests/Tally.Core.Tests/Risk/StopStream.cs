using FsCheck;
using FsCheck.Fluent;
using Tally.Core.Risk;

namespace Tally.Core.Tests.Risk;

/// <summary>A random stream of stop-book operations: positions opening, ticks walking, closes and tightening.</summary>
public sealed record StopStream(IReadOnlyList<StopStream.Op> Ops)
{
    public abstract record Op;

    /// <summary>Opens a position at the symbol's current price plus an offset in 0.05 steps.</summary>
    public sealed record Open(string Symbol, ExposureSide Side, int EntryOffset, decimal Distance, int? ActivationOffset) : Op;

    /// <summary>Moves the symbol's price by a number of 0.05 steps (0 repeats the price).</summary>
    public sealed record Tick(string Symbol, int Steps) : Op;

    /// <summary>Removes the n-th oldest open position (modulo the count).</summary>
    public sealed record Close(int Index) : Op;

    public sealed record Cap(decimal? Distance) : Op;

    public override string ToString() => string.Join(Environment.NewLine, Ops);
}

public static class StopStreams
{
    private static readonly string[] Symbols = ["AAAUSDT", "BBBUSDT", "CCCUSDT"];

    public static Arbitrary<StopStream> Streams() => Arb.From(
        from count in Gen.Choose(0, 400)
        from ops in Gen.ListOf(OpGen(), count)
        select new StopStream(ops.ToList()));

    private static Gen<StopStream.Op> OpGen() =>
        Gen.Frequency(
            (3, from symbol in Gen.Elements(Symbols)
                from side in Gen.Elements(ExposureSide.Long, ExposureSide.Short)
                from offset in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(-6, 6)))
                from distance in Gen.Elements(0.003m, 0.005m, 0.001m, 0.02m, 0.07m, 0.175m)
                from activation in Gen.Frequency(
                    (3, Gen.Constant<int?>(null)),
                    (2, Gen.Choose(-12, 12).Select(a => (int?)a)))
                select (StopStream.Op)new StopStream.Open(symbol, side, offset, distance, activation)),
            (12, from symbol in Gen.Elements(Symbols)
                 from steps in Gen.Frequency((6, Gen.Choose(-3, 3)), (1, Gen.Choose(-40, 40)))
                 select (StopStream.Op)new StopStream.Tick(symbol, steps)),
            (1, Gen.Choose(0, 1_000).Select(i => (StopStream.Op)new StopStream.Close(i))),
            (1, Gen.Elements<decimal?>(0.003m, 0.001m, 0.05m, null, null).Select(c => (StopStream.Op)new StopStream.Cap(c))));
}
