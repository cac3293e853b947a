using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Tally.Core;

namespace Tally.Storage.Tests;

/// <summary>How a fill is offered in a scenario, and so the status the log must answer with.</summary>
public enum OfferKind
{
    /// <summary>First time this identity is offered: Stored.</summary>
    New,

    /// <summary>An earlier fill again, unchanged: AlreadyPresent.</summary>
    Resend,

    /// <summary>An earlier fill's identity with a different price: Quarantined.</summary>
    Conflict,
}

public sealed record Offer(Fill Fill, OfferKind Kind);

/// <summary>
/// Fills over three symbols, one-way (account "oneway", BOTH) and hedge (account "hedge", LONG/SHORT) keys,
/// offered in random batches with random re-sends and conflicting re-sends of fills offered before.
/// </summary>
public sealed record FillScenario(IReadOnlyList<IReadOnlyList<Offer>> Batches)
{
    /// <summary>Every distinct fill in log order: the fills a fresh fold must agree with.</summary>
    public IReadOnlyList<Fill> Distinct => [.. Batches.SelectMany(b => b).Where(o => o.Kind == OfferKind.New).Select(o => o.Fill)];

    public int Conflicts => Batches.Sum(b => b.Count(o => o.Kind == OfferKind.Conflict));

    public override string ToString()
    {
        var text = new StringBuilder();
        for (var i = 0; i < Batches.Count; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\n  batch {i + 1}:");
            foreach (var (f, kind) in Batches[i])
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $" [{kind} {f.TradeId} {f.Account} {f.Symbol} {f.PositionSide.ToWireName()} {f.Side.ToWireName()} {f.Quantity} @ {f.Price} fee {f.Fee} {f.FeeAsset ?? "-"}]");
            }
        }

        return text.ToString();
    }
}

/// <summary>FsCheck generators for <see cref="FillScenario"/> (registered with <c>[Property(Arbitrary = …)]</c>).</summary>
public static class FillScenarios
{
    private const int MaxFills = 60;

    private static readonly (string Symbol, decimal Price)[] Symbols = [("BTCUSDT", 60000m), ("ETHUSDT", 3000m), ("SOLUSDT", 150m)];

    public static Arbitrary<FillScenario> Scenario() => Arb.From(Generator);

    private static Gen<Fill> FillGenerator =>
        from symbol in Gen.Elements(Symbols)
        from positionSide in Gen.Elements(PositionSide.Both, PositionSide.Both, PositionSide.Long, PositionSide.Short)
        from side in Gen.Elements(Side.Buy, Side.Sell)
        from lots in Gen.Choose(1, 400)
        from move in Gen.Choose(-500, 500)
        from fee in Gen.Choose(0, 50)
        from feeAsset in Gen.Elements<string?>(null, null, "USDT", "BNB")
        from converted in Gen.Elements(false, true)
        from ms in Gen.Choose(0, 999)
        from timeless in Gen.Choose(0, 19)
        select new Fill(
            "binance",
            positionSide == PositionSide.Both ? "oneway" : "hedge",
            symbol.Symbol,
            side,
            positionSide,
            Quantity: lots / 100m,                                               // 0.01 .. 4
            Price: Math.Round(symbol.Price * (1m + move / 10000m), 2),           // ±5 %
            Fee: fee / 1000m,
            FeeAsset: feeAsset,
            TradeId: string.Empty,
            Timestamp: timeless == 0 ? null : Fills.T0.AddMilliseconds(ms),      // 1 in 20 without a time
            Strategy: converted ? "s1" : null,
            FeeConversionPrice: feeAsset == "BNB" && converted ? 600m : null);

    private static Gen<(int Count, int[] Picks, bool[] Conflicting)> ResendGenerator =>
        from count in Gen.Elements(0, 0, 1, 2, 3)
        from picks in Gen.ArrayOf(Gen.Choose(0, 999), 3)
        from conflicting in Gen.ArrayOf(Gen.Elements(false, false, false, true), 3)
        select (count, picks, conflicting);

    private static Gen<FillScenario> Generator =>
        from count in Gen.Choose(1, MaxFills)
        from fills in Gen.ArrayOf(FillGenerator, count)
        from sizes in Gen.ArrayOf(Gen.Choose(1, 8), MaxFills)
        from resends in Gen.ArrayOf(ResendGenerator, MaxFills)
        select Build(fills, sizes, resends);

    private static FillScenario Build(Fill[] fills, int[] sizes, (int Count, int[] Picks, bool[] Conflicting)[] resends)
    {
        // Trade ids in offer order; times one second apart (plus the generated milliseconds) where a fill has one.
        var numbered = fills.Select((f, i) => f with { TradeId = $"t{i}", Timestamp = f.Timestamp?.AddSeconds(i) }).ToList();
        var offered = new List<Fill>();
        var batches = new List<IReadOnlyList<Offer>>();
        var next = 0;
        for (var b = 0; next < numbered.Count; b++)
        {
            var batch = numbered.Skip(next).Take(sizes[b]).Select(f => new Offer(f, OfferKind.New)).ToList();
            next += batch.Count;
            offered.AddRange(batch.Select(o => o.Fill));
            var (resendCount, picks, conflicting) = resends[b];
            for (var r = 0; r < resendCount; r++)
            {
                var earlier = offered[picks[r] * offered.Count / 1000];
                batch.Add(conflicting[r] ? new Offer(earlier with { Price = earlier.Price + 1m }, OfferKind.Conflict) : new Offer(earlier, OfferKind.Resend));
            }

            batches.Add(batch);
        }

        return new FillScenario(batches);
    }
}
