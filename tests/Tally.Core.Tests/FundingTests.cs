namespace Tally.Core.Tests;

public class FundingTests
{
    [Fact]
    public void Funding_is_kept_apart_from_trading_pnl()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, fee: 0.1m));
        var key = Key(Instruments.EthPerp);

        ledger.ApplyFunding(key, -0.05m, "USDT", At(8 * 60));
        ledger.ApplyFunding(key, 0.02m, "USDT", At(16 * 60));

        // paid 0.05, received 0.02 → −0.03; realized and net PnL do not move
        var position = ledger.Find(key)!;
        Assert.Equal([new AssetAmount("USDT", -0.03m)], position.Funding);
        Assert.Equal(0m, position.RealizedPnl);
        Assert.Equal(-0.1m, position.NetPnl);
        Assert.Equal(-0.1m, position.CurrentCycle()!.NetPnl);
        Assert.Equal(0.1m, position.Fees.AmountOf("USDT"));
    }

    [Fact]
    public void Funding_is_kept_per_asset()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.BtcInverse, 10m, 20000m));
        var key = Key(Instruments.BtcInverse);

        ledger.ApplyFunding(key, -0.0001m, "BTC", At(1));
        ledger.ApplyFunding(key, 0.5m, "USDT", At(2));
        ledger.ApplyFunding(key, -0.0002m, "BTC", At(3));

        Assert.Equal(
            [new AssetAmount("BTC", -0.0003m), new AssetAmount("USDT", 0.5m)],
            ledger.Find(key)!.Funding);
    }

    [Fact]
    public void Funding_survives_the_close_of_the_position()
    {
        var ledger = Instruments.Ledger();
        var key = Key(Instruments.EthPerp);
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m));
        ledger.ApplyFunding(key, -0.05m, "USDT", At(1));

        ledger.Apply(Sell(Instruments.EthPerp, 1m, 110m, minute: 2));

        var position = ledger.Find(key)!;
        Assert.Equal(-0.05m, position.Funding.AmountOf("USDT"));
        Assert.Equal(10m, position.NetPnl);
    }

    [Fact]
    public void Funding_moves_the_last_update_time()
    {
        var ledger = Instruments.Ledger();
        var key = Key(Instruments.EthPerp);
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, minute: 0));

        ledger.ApplyFunding(key, -0.05m, "USDT", At(480));

        Assert.Equal(At(480), ledger.Find(key)!.LastUpdate);
    }

    [Fact]
    public void Funding_without_an_asset_is_rejected()
    {
        var ledger = Instruments.Ledger();

        Assert.Throws<ArgumentException>(() => ledger.ApplyFunding(Key(Instruments.EthPerp), 1m, " ", At(0)));
    }
}
