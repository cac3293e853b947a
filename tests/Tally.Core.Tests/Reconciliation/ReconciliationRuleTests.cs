using System.Globalization;
using Tally.Core.Reconciliation;
using Recon = Tally.Core.Reconciliation.Reconciliation;

namespace Tally.Core.Tests.Reconciliation;

/// <summary>DESIGN.md §6's four kinds with hand-computed adjustments, and the adjustments folded by the ledger landing on the exchange's state.</summary>
public class ReconciliationRuleTests
{
    private static readonly ReconcileSettings Default = new();

    private static ReconcileRow Row(decimal qty, decimal price, string symbol = "BTCUSDT", PositionSide side = PositionSide.Both) => new(symbol, side, qty, price);

    [Fact]
    public void Equal_quantity_and_entry_within_the_relative_tolerance_is_in_sync_and_proposes_nothing()
    {
        // 45,000 × 1e-6 = 0.045: 45,000.04 is inside, 45,000.05 outside.
        var inside = Recon.Classify("BTCUSDT", PositionSide.Both, Row(0.003m, 45_000.04m), Row(0.003m, 45_000m), Default);
        var outside = Recon.Classify("BTCUSDT", PositionSide.Both, Row(0.003m, 45_000.05m), Row(0.003m, 45_000m), Default);

        Assert.Equal(ReconcileKind.InSync, inside.Kind);
        Assert.Empty(inside.Adjustments);
        Assert.Equal(ReconcileKind.PriceMismatch, outside.Kind);
    }

    [Fact]
    public void A_price_mismatch_proposes_no_fill_and_leaves_quantity_and_entry_as_they_are()
    {
        var finding = Recon.Classify("BTCUSDT", PositionSide.Long, Row(0.003m, 45_666.67m, side: PositionSide.Long), Row(0.003m, 45_600m, side: PositionSide.Long), Default);

        Assert.Equal(ReconcileKind.PriceMismatch, finding.Kind);
        Assert.Empty(finding.Adjustments);
        Assert.Equal((0.003m, 45_666.67m), (finding.AfterQuantity, finding.AfterEntryPrice));
    }

    [Fact]
    public void A_wider_tolerance_accepts_a_price_difference()
    {
        var finding = Recon.Classify("BTCUSDT", PositionSide.Both, Row(1m, 100.5m), Row(1m, 100m), new ReconcileSettings(0.01m));

        Assert.Equal(ReconcileKind.InSync, finding.Kind);
    }

    [Fact]
    public void Missing_local_opens_the_exchanges_quantity_at_its_entry_price()
    {
        var finding = Recon.Classify("ETHUSDT", PositionSide.Both, null, Row(-2.5m, 3_000m, "ETHUSDT"), Default);

        Assert.Equal(ReconcileKind.MissingLocal, finding.Kind);
        Assert.Equal([new ReconcileAdjustment(Side.Sell, 2.5m, 3_000m, 1)], finding.Adjustments);
        Assert.Equal((-2.5m, 3_000m), (finding.AfterQuantity, finding.AfterEntryPrice));
    }

    [Fact]
    public void Missing_exchange_closes_the_local_position_at_its_own_entry_so_no_pnl_is_invented()
    {
        var finding = Recon.Classify("BTCUSDT", PositionSide.Short, Row(-0.002m, 46_000m, side: PositionSide.Short), Row(0m, 0m, side: PositionSide.Short), Default);

        Assert.Equal(ReconcileKind.MissingExchange, finding.Kind);
        Assert.Equal([new ReconcileAdjustment(Side.Buy, 0.002m, 46_000m, 1)], finding.Adjustments);
        Assert.Equal((0m, (decimal?)null), (finding.AfterQuantity, finding.AfterEntryPrice));
    }

    [Fact]
    public void A_grown_position_adds_the_difference_at_the_price_that_makes_the_exchanges_average()
    {
        // Local 0.005 @ 46,000 (cost 230); exchange 0.015 @ 45,000 (cost 675): add 0.010 @ (675 − 230) / 0.010 = 44,500.
        var finding = Recon.Classify("BTCUSDT", PositionSide.Both, Row(0.005m, 46_000m), Row(0.015m, 45_000m), Default);

        Assert.Equal(ReconcileKind.QuantityMismatch, finding.Kind);
        Assert.Equal([new ReconcileAdjustment(Side.Buy, 0.010m, 44_500m, 1)], finding.Adjustments);
        Assert.Equal((0.015m, 45_000m), (finding.AfterQuantity, finding.AfterEntryPrice));
    }

    [Fact]
    public void A_grown_position_whose_implied_price_is_not_positive_adds_at_the_exchanges_entry()
    {
        // Local 1 @ 300 (cost 300); exchange 2 @ 100 (cost 200): the implied price (200 − 300) / 1 = −100 is no price.
        var finding = Recon.Classify("SOLUSDT", PositionSide.Both, Row(1m, 300m, "SOLUSDT"), Row(2m, 100m, "SOLUSDT"), Default);

        Assert.Equal([new ReconcileAdjustment(Side.Buy, 1m, 100m, 1)], finding.Adjustments);
        Assert.Equal(200m, finding.AfterEntryPrice); // (300 + 100) / 2: a price mismatch remains, reported next time
    }

    [Fact]
    public void A_shrunk_short_buys_back_the_difference_at_the_local_entry()
    {
        var finding = Recon.Classify("BTCUSDT", PositionSide.Both, Row(-0.010m, 45_000m), Row(-0.006m, 45_000m), Default);

        Assert.Equal(ReconcileKind.QuantityMismatch, finding.Kind);
        Assert.Equal([new ReconcileAdjustment(Side.Buy, 0.004m, 45_000m, 1)], finding.Adjustments);
        Assert.Equal((-0.006m, 45_000m), (finding.AfterQuantity, finding.AfterEntryPrice));
    }

    [Fact]
    public void Opposite_directions_close_the_local_side_then_open_the_exchanges()
    {
        var finding = Recon.Classify("BTCUSDT", PositionSide.Both, Row(-0.004m, 44_000m), Row(0.006m, 45_000m), Default);

        Assert.Equal(ReconcileKind.QuantityMismatch, finding.Kind);
        Assert.Equal([new ReconcileAdjustment(Side.Buy, 0.004m, 44_000m, 1), new ReconcileAdjustment(Side.Buy, 0.006m, 45_000m, 2)], finding.Adjustments);
        Assert.Equal((0.006m, 45_000m), (finding.AfterQuantity, finding.AfterEntryPrice));
    }

    [Fact]
    public void Compare_pairs_keys_by_symbol_and_side_ignores_flat_rows_and_sorts()
    {
        var local = new[] { Row(0.01m, 100m, "XRPUSDT"), Row(0.003m, 45_000m, "BTCUSDT", PositionSide.Long), Row(0m, 0m, "ETHUSDT") };
        var exchange = new[]
        {
            Row(0.003m, 45_000m, "BTCUSDT", PositionSide.Long), Row(-0.001m, 46_000m, "BTCUSDT", PositionSide.Short),
            Row(0m, 0m, "ETHUSDT"), Row(0m, 0m, "XRPUSDT"),
        };

        var findings = Recon.Compare(local, exchange, Default);

        Assert.Equal(
            [("BTCUSDT", PositionSide.Long, ReconcileKind.InSync), ("BTCUSDT", PositionSide.Short, ReconcileKind.MissingLocal), ("XRPUSDT", PositionSide.Both, ReconcileKind.MissingExchange)],
            findings.Select(f => (f.Symbol, f.PositionSide, f.Kind)));
    }

    [Fact]
    public void A_key_twice_on_one_side_is_refused()
    {
        var twice = new[] { Row(1m, 100m), Row(2m, 100m) };

        Assert.Throws<ArgumentException>(() => Recon.Compare(twice, [], Default));
    }

    [Theory]
    [InlineData("0", "0", "0.015", "45000")] // missing_local
    [InlineData("0.005", "46000", "0", "0")] // missing_exchange
    [InlineData("0.005", "46000", "0.015", "45000")] // grown
    [InlineData("0.010", "45000", "0.004", "45000")] // shrunk
    [InlineData("-0.004", "44000", "0.006", "45000")] // opposite
    public void Folding_the_adjustment_fills_gives_the_exchanges_quantity_and_entry(string localQty, string localPrice, string exchangeQty, string exchangePrice)
    {
        var ledger = new Ledger();
        var key = new PositionKey(Fill.DefaultVenue, Fill.DefaultAccount, "BTCUSDT", PositionSide.Both);
        var (lq, lp) = (decimal.Parse(localQty, CultureInfo.InvariantCulture), decimal.Parse(localPrice, CultureInfo.InvariantCulture));
        if (lq != 0m)
        {
            ledger.Apply(lq > 0m ? Buy("BTCUSDT", lq, lp) : Sell("BTCUSDT", -lq, lp));
        }

        var exchange = Row(decimal.Parse(exchangeQty, CultureInfo.InvariantCulture), decimal.Parse(exchangePrice, CultureInfo.InvariantCulture));
        var finding = Recon.Classify("BTCUSDT", PositionSide.Both, lq == 0m ? null : Row(lq, lp), exchange, Default);
        var realized = 0m;
        foreach (var adjustment in finding.Adjustments)
        {
            var fill = Recon.AdjustmentFill(Fill.DefaultVenue, Fill.DefaultAccount, finding, adjustment, At(10));
            Assert.True(Recon.IsAdjustment(fill));
            realized += ledger.Apply(fill).RealizedPnl;
        }

        var position = ledger.Find(key);
        Assert.Equal(exchange.SignedQuantity, position?.SignedQuantity ?? 0m);
        Assert.Equal(exchange.SignedQuantity == 0m ? null : exchange.EntryPrice, position?.AverageEntryPrice);
        Assert.Equal(0m, realized);
    }

    [Fact]
    public void An_adjustment_fill_is_recognizable_has_no_fee_and_no_order()
    {
        var finding = Recon.Classify("BTCUSDT", PositionSide.Long, null, Row(0.002m, 45_000m, side: PositionSide.Long), Default);

        var fill = Recon.AdjustmentFill("binance-futures", "main", finding, finding.Adjustments[0], T0);

        Assert.Equal($"reconcile-{T0.ToUnixTimeMilliseconds()}-BTCUSDT-LONG-1", fill.TradeId);
        Assert.Equal((0m, (string?)null, (string?)null, (string?)null), (fill.Fee, fill.OrderId, fill.ClientOrderId, fill.Strategy));
        Assert.Equal((Side.Buy, PositionSide.Long, 0.002m, 45_000m), (fill.Side, fill.PositionSide, fill.Quantity, fill.Price));
    }
}
