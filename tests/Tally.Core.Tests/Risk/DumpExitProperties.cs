using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tally.Core.Risk;

namespace Tally.Core.Tests.Risk;

public class DumpExitProperties
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Property(MaxTest = 200)]
    public Property Book_based_dump_exits_equal_evaluating_every_position()
    {
        var gen =
            from flows in Gen.ListOf(Gen.Zip(Gen.Choose(0, 12), Gen.Choose(0, 12)), 6)
            from entries in Gen.ListOf(Gen.Choose(960, 1040), 8)
            from ticks in Gen.ListOf(Gen.Choose(960, 1040), 10)
            from side in Gen.Elements(ExposureSide.Long, ExposureSide.Short)
            from required in Gen.Choose(1, 3)
            select (flows, entries, ticks, side, required);

        return Prop.ForAll(Arb.From(gen), c =>
        {
            var settings = new RiskSettings { DumpSignalsRequired = c.required };
            var candles = c.flows.Select((f, i) => new Candle(T0.AddMinutes(i), 1m, 1m, 1m, 1m, f.Item1, f.Item2)).ToList();
            var book = new StopBook();
            var opened = new List<string>();
            for (var i = 0; i < c.entries.Count; i++)
            {
                // Positions open between ticks so their extremes differ.
                book.Add(new StopOrder($"p{i}", "PEPEUSDT", c.side, c.entries[i] / 10m, 0.9m));
                opened.Add($"p{i}");
                book.OnTick("PEPEUSDT", c.ticks[i % c.ticks.Count] / 10m, new List<StopExit>());
            }

            var price = c.ticks[^1] / 10m;
            book.OnTick("PEPEUSDT", price, new List<StopExit>());

            var fromBook = new List<string>();
            DumpDetector.CollectExits(book, "PEPEUSDT", c.side, candles, price, settings, fromBook);
            var fromEach = opened
                .Where(id => DumpDetector.Evaluate(candles, c.side, book.ExtremeOf(id)!.Value, price, settings).Exits(c.required))
                .ToList();

            return fromBook.Order(StringComparer.Ordinal).SequenceEqual(fromEach.Order(StringComparer.Ordinal));
        });
    }
}
