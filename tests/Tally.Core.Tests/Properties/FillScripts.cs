using FsCheck;
using FsCheck.Fluent;

namespace Tally.Core.Tests.Properties;

/// <summary>
/// FsCheck arbitraries for <see cref="FillScript"/>: fills on linear (multiplier 1 and 10), spot and inverse
/// instruments, one-way and hedge keys, prices and quantities with a few decimal places, fees in the
/// settlement asset, rebates, BNB with and without a conversion price, and base-asset fees on spot.
/// Quantities are drawn mostly from a small set so positions often return to exactly zero and flip.
/// </summary>
public static class FillScripts
{
    private const string Bnb = "BNB";

    public static Arbitrary<FillScript> Scripts() => Arb.From(ScriptGen(FillSpecGen()), Shrink);

    /// <summary>Only linear multiplier-1 perpetuals on one-way keys: no base fees, no hedge clamping.</summary>
    public static Arbitrary<FillScript> LinearOneWayScripts() => Arb.From(LinearOneWayScriptGen(), Shrink);

    private static Gen<FillScript> LinearOneWayScriptGen() =>
        ScriptGen(
            from symbol in Gen.Elements(Instruments.EthPerp, Instruments.BtcPerp)
            from spec in LinearSpecGen(symbol, PositionSide.Both, multiplierOne: true)
            select spec);

    private static Gen<FillScript> ScriptGen(Gen<Spec> specs) =>
        Gen.ListOf(specs).Select(list => new FillScript(list.Select((spec, i) => spec.ToFill(i)).ToList()));

    private static Gen<Spec> FillSpecGen() =>
        Gen.Frequency(
            (4, from symbol in Gen.Elements(Instruments.EthPerp, Instruments.BtcPerp, Instruments.EthTenLot)
                from positionSide in Gen.Frequency(
                    (3, Gen.Constant(PositionSide.Both)),
                    (1, Gen.Constant(PositionSide.Long)),
                    (1, Gen.Constant(PositionSide.Short)))
                from spec in LinearSpecGen(symbol, positionSide, multiplierOne: false)
                select spec),
            (2, SpotSpecGen()),
            (2, InverseSpecGen()));

    private static Gen<Spec> LinearSpecGen(string symbol, PositionSide positionSide, bool multiplierOne) =>
        from side in Gen.Elements(Side.Buy, Side.Sell)
        from quantity in QuantityGen()
        from price in Gen.Choose(1_000, 400_000).Select(cents => cents / 100m) // 10.00 … 4000.00
        from fee in Gen.Frequency(
            (3, Gen.Constant(NoFee)),
            (4, Gen.Choose(1, 20_000).Select(f => new Fee(f / 10_000m, null, null))),          // up to 2 USDT
            (1, Gen.Choose(1, 500).Select(f => new Fee(-f / 10_000m, "USDT", null))),          // rebate
            (multiplierOne ? 0 : 1, Gen.Choose(1, 1_000).Select(f => new Fee(f / 100_000m, Bnb, null))),
            (multiplierOne ? 0 : 1, from f in Gen.Choose(1, 1_000)
                                    from p in Gen.Choose(20_000, 70_000)
                                    select new Fee(f / 100_000m, Bnb, p / 100m)))
        select new Spec(symbol, side, positionSide, quantity, price, fee);

    private static Gen<Spec> SpotSpecGen() =>
        from side in Gen.Elements(Side.Buy, Side.Sell)
        from quantity in QuantityGen()
        from price in Gen.Choose(1_000, 400_000).Select(cents => cents / 100m)
        from fee in Gen.Frequency(
            (2, Gen.Constant(NoFee)),
            (2, Gen.Choose(1, 20_000).Select(f => new Fee(f / 10_000m, "USDT", null))),
            (3, Gen.Elements(0.001m, 0.00075m).Select(rate => new Fee(quantity * rate, "BTC", null))), // base fee
            (1, Gen.Choose(1, 1_000).Select(f => new Fee(f / 100_000m, Bnb, null))))
        select new Spec(Instruments.BtcSpot, side, PositionSide.Both, quantity, price, fee);

    private static Gen<Spec> InverseSpecGen() =>
        from side in Gen.Elements(Side.Buy, Side.Sell)
        from positionSide in Gen.Frequency((3, Gen.Constant(PositionSide.Both)), (1, Gen.Constant(PositionSide.Long)))
        from contracts in Gen.Frequency((3, Gen.Elements(1m, 2m, 5m, 10m, 20m)), (1, Gen.Choose(1, 50).Select(c => (decimal)c)))
        from price in Gen.Choose(150_000, 700_000).Select(tenths => tenths / 10m) // 15000.0 … 70000.0
        from fee in Gen.Frequency(
            (2, Gen.Constant(NoFee)),
            (3, Gen.Choose(1, 5_000).Select(f => new Fee(f / 100_000_000m, null, null))),      // satoshis
            (1, Gen.Choose(1, 500).Select(f => new Fee(-f / 100_000_000m, "BTC", null))))
        select new Spec(Instruments.BtcInverse, side, positionSide, contracts, price, fee);

    private static Gen<decimal> QuantityGen() =>
        Gen.Frequency(
            (3, Gen.Elements(0.5m, 1m, 1.5m, 2m, 3m)),
            (1, Gen.Choose(1, 5_000).Select(milli => milli / 1_000m))); // 0.001 … 5.000

    private static readonly Fee NoFee = new(0m, null, null);

    /// <summary>Shrinks by dropping one fill at a time, keeping ids and times of the rest.</summary>
    private static IEnumerable<FillScript> Shrink(FillScript script)
    {
        for (var i = script.Fills.Count - 1; i >= 0; i--)
        {
            var fewer = script.Fills.ToList();
            fewer.RemoveAt(i);
            yield return new FillScript(fewer);
        }
    }

    private readonly record struct Fee(decimal Amount, string? Asset, decimal? ConversionPrice);

    private readonly record struct Spec(string Symbol, Side Side, PositionSide PositionSide, decimal Quantity, decimal Price, Fee Fee)
    {
        public Fill ToFill(int index) =>
            TestFills.Make(Symbol, Side, Quantity, Price, Fee.Amount, Fee.Asset, PositionSide, minute: index, Fee.ConversionPrice)
                with { TradeId = (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) };
    }
}
