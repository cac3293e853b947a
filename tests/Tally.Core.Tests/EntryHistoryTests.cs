namespace Tally.Core.Tests;

public class EntryHistoryTests
{
    [Fact]
    public void Entries_record_each_opening_and_increasing_leg()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, minute: 0));
        ledger.Apply(Buy(Instruments.EthPerp, 2m, 110m, minute: 1));

        var entries = ledger.Find(Key(Instruments.EthPerp))!.Entries;

        Assert.Equal(
            [new PositionEntry(100m, 1m, At(0), Side.Buy), new PositionEntry(110m, 2m, At(1), Side.Buy)],
            entries);
    }

    [Fact]
    public void Short_entries_are_sells()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Sell(Instruments.EthPerp, 1m, 100m, minute: 0));
        ledger.Apply(Sell(Instruments.EthPerp, 0.25m, 95m, minute: 2));

        Assert.Equal(
            [new PositionEntry(100m, 1m, At(0), Side.Sell), new PositionEntry(95m, 0.25m, At(2), Side.Sell)],
            ledger.Find(Key(Instruments.EthPerp))!.Entries);
    }

    [Fact]
    public void Reduce_leaves_the_entry_history_as_it_was()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, minute: 0));
        ledger.Apply(Buy(Instruments.EthPerp, 2m, 110m, minute: 1));

        ledger.Apply(Sell(Instruments.EthPerp, 2.5m, 120m, minute: 2));

        Assert.Equal(
            [new PositionEntry(100m, 1m, At(0), Side.Buy), new PositionEntry(110m, 2m, At(1), Side.Buy)],
            ledger.Find(Key(Instruments.EthPerp))!.Entries);
    }

    [Fact]
    public void Close_clears_the_entry_history()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m));

        ledger.Apply(Sell(Instruments.EthPerp, 1m, 120m));

        Assert.Empty(ledger.Find(Key(Instruments.EthPerp))!.Entries);
    }

    [Fact]
    public void Flip_starts_the_history_with_the_opening_leg_only()
    {
        var ledger = Instruments.Ledger();
        ledger.Apply(Buy(Instruments.EthPerp, 1m, 100m, minute: 0));

        ledger.Apply(Sell(Instruments.EthPerp, 3m, 110m, minute: 4));

        // 1 of the 3 closed the long; the entry is the 2 that opened the short
        Assert.Equal(
            [new PositionEntry(110m, 2m, At(4), Side.Sell)],
            ledger.Find(Key(Instruments.EthPerp))!.Entries);
    }
}
