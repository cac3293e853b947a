using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Tally.Core;

namespace Tally.Storage.Tests;

/// <summary>
/// Fills whose arrival order is not the venue's: times drawn from a few seconds (so many share a millisecond
/// and the trade id decides), trade ids numeric of different widths (9 before 10) or not, some fills delayed
/// past later ones, some without a time; offered in random batches with re-sends.
/// </summary>
public static class LateFillScenarios
{
    private const int MaxFills = 50;

    public static Arbitrary<FillScenario> Scenario() => Arb.From(Generator);

    /// <summary>
    /// The reference fold, written apart from the production code: each key in venue order (time, then numeric ids
    /// by value before other ids ordinally, then log order), or in log order when one of its fills has no time.
    /// </summary>
    public static Ledger VenueOrderFold(IReadOnlyList<Fill> logOrder)
    {
        var ledger = new Ledger();
        foreach (var key in logOrder.Select((f, i) => (Fill: f, Index: i)).GroupBy(x => x.Fill.Key))
        {
            var fills = key.Any(x => x.Fill.Timestamp is null)
                ? key.OrderBy(x => x.Index)
                : key.OrderBy(x => x.Fill.Timestamp!.Value.ToUnixTimeMilliseconds())
                    .ThenBy(x => x.Fill.TradeId.All(char.IsAsciiDigit) ? 0 : 1)
                    .ThenBy(x => x.Fill.TradeId.All(char.IsAsciiDigit) ? BigInteger.Parse(x.Fill.TradeId, System.Globalization.CultureInfo.InvariantCulture) : BigInteger.Zero)
                    .ThenBy(x => x.Fill.TradeId, StringComparer.Ordinal)
                    .ThenBy(x => x.Index);
            foreach (var (fill, _) in fills)
            {
                ledger.Apply(fill);
            }
        }

        return ledger;
    }

    private static Gen<(Fill Fill, int Delay)> FillGenerator =>
        from symbol in Gen.Elements("BTCUSDT", "ETHUSDT")
        from positionSide in Gen.Elements(PositionSide.Both, PositionSide.Both, PositionSide.Long, PositionSide.Short)
        from side in Gen.Elements(Side.Buy, Side.Sell)
        from lots in Gen.Choose(1, 300)
        from move in Gen.Choose(-500, 500)
        from fee in Gen.Choose(0, 50)
        from second in Gen.Choose(0, 12)
        from timeless in Gen.Choose(0, 29)
        from delay in Gen.Elements(0, 0, 0, 1, 3, 10, 40)
        select (new Fill(
            "binance",
            positionSide == PositionSide.Both ? "oneway" : "hedge",
            symbol,
            side,
            positionSide,
            Quantity: lots / 100m,
            Price: Math.Round((symbol == "BTCUSDT" ? 60000m : 3000m) * (1m + move / 10000m), 2),
            Fee: fee / 1000m,
            FeeAsset: null,
            TradeId: string.Empty,
            Timestamp: timeless == 0 ? null : Fills.T0.AddSeconds(second)),   // 1 in 30 without a time
            delay);

    private static Gen<FillScenario> Generator =>
        from count in Gen.Choose(1, MaxFills)
        from fills in Gen.ArrayOf(FillGenerator, count)
        from numeric in Gen.Elements(true, true, false)
        from sizes in Gen.ArrayOf(Gen.Choose(1, 6), MaxFills)
        from resends in Gen.ArrayOf(Gen.Choose(0, 9), MaxFills)
        select Build(fills, numeric, sizes, resends);

    private static FillScenario Build((Fill Fill, int Delay)[] fills, bool numeric, int[] sizes, int[] resends)
    {
        // Ids 1, 4, 7 … 97, 100, 103 … (widths 1 to 3 digits, so ordinal and numeric order differ), or "x" + the same.
        var numbered = fills.Select((f, i) => (Fill: f.Fill with { TradeId = (numeric ? "" : "x") + (1 + (i * 3)).ToString(System.Globalization.CultureInfo.InvariantCulture) }, Arrives: i + f.Delay, Index: i));
        var arrival = numbered.OrderBy(x => x.Arrives).ThenBy(x => x.Index).Select(x => x.Fill).ToList();
        var batches = new List<IReadOnlyList<Offer>>();
        var next = 0;
        for (var b = 0; next < arrival.Count; b++)
        {
            var batch = arrival.Skip(next).Take(sizes[b]).Select(f => new Offer(f, OfferKind.New)).ToList();
            next += batch.Count;
            if (resends[b] == 0)
            {
                batch.Add(new Offer(arrival[next / 2], OfferKind.Resend));
            }
            else if (resends[b] == 1)
            {
                var earlier = arrival[next / 3];
                batch.Add(new Offer(earlier with { Quantity = earlier.Quantity + 1m }, OfferKind.Conflict));
            }

            batches.Add(batch);
        }

        return new FillScenario(batches);
    }
}
