using Tally.Core.Risk;

namespace Tally.Core.Tests.Risk;

public class StopBookTests
{
    private static List<StopExit> Tick(StopBook book, string symbol, decimal price)
    {
        var exits = new List<StopExit>();
        book.OnTick(symbol, price, exits);
        return exits;
    }

    [Fact]
    public void Binance_example_in_the_book_exits_at_42315_with_and_without_activation()
    {
        var book = new StopBook();
        book.Add(new StopOrder("plain", "BTCUSDT", ExposureSide.Long, 40_000m, 0.07m));
        book.Add(new StopOrder("activated", "BTCUSDT", ExposureSide.Long, 40_000m, 0.07m, Activation: 42_000m));
        Assert.Equal(37_200m, book.StopOf("plain")); // 40,000 × 0.93
        Assert.Null(book.StopOf("activated"));

        Assert.Empty(Tick(book, "BTCUSDT", 42_000m)); // both: 42,000 × 0.93 = 39,060
        Assert.Equal(39_060m, book.StopOf("activated"));
        Assert.Empty(Tick(book, "BTCUSDT", 39_500m));
        Assert.Empty(Tick(book, "BTCUSDT", 45_500m)); // 45,500 × 0.93 = 42,315
        Assert.Equal(42_315m, book.StopOf("plain"));

        var exits = Tick(book, "BTCUSDT", 42_315m);

        Assert.Equal(["activated", "plain"], exits.Select(e => e.StrategyPositionId).Order(StringComparer.Ordinal));
        Assert.All(exits, e => Assert.Equal(42_315m, e.Stop));
        Assert.Equal(0, book.Count);
    }

    [Fact]
    public void Tick_moves_only_its_own_symbol()
    {
        var book = new StopBook();
        book.Add(new StopOrder("btc", "BTCUSDT", ExposureSide.Long, 100m, 0.003m));
        book.Add(new StopOrder("sol", "SOLUSDT", ExposureSide.Long, 100m, 0.005m));

        Assert.Empty(Tick(book, "BTCUSDT", 110m));
        var exits = Tick(book, "SOLUSDT", 99m); // SOL stop 99.5: exits; BTC stop 110 × 0.997 = 109.67 untouched

        Assert.Equal("sol", Assert.Single(exits).StrategyPositionId);
        Assert.Equal(109.67m, book.StopOf("btc"));
    }

    [Fact]
    public void Long_and_short_on_one_symbol_ratchet_in_opposite_directions()
    {
        var book = new StopBook();
        book.Add(new StopOrder("long", "SOLUSDT", ExposureSide.Long, 100m, 0.005m));
        book.Add(new StopOrder("short", "SOLUSDT", ExposureSide.Short, 100m, 0.005m));

        // 100.4: long stop 100.4 × 0.995 = 99.898; short's L stays 100, stop 100.5 — 100.4 holds both.
        Assert.Empty(Tick(book, "SOLUSDT", 100.4m));
        Assert.Equal(99.898m, book.StopOf("long"));
        Assert.Equal(100.5m, book.StopOf("short"));

        var exits = Tick(book, "SOLUSDT", 100.5m);

        Assert.Equal("short", Assert.Single(exits).StrategyPositionId);
        Assert.Equal(ExposureSide.Short, exits[0].Side);
    }

    [Fact]
    public void Tightening_caps_wide_distances_and_the_stops_stay_when_it_ends()
    {
        var book = new StopBook();
        book.Add(new StopOrder("meme", "DOGEUSDT", ExposureSide.Long, 1.00m, 0.175m));
        Tick(book, "DOGEUSDT", 1.20m); // stop 1.20 × 0.825 = 0.99

        book.SetDistanceCap(0.003m); // 1.20 × 0.997 = 1.1964
        Assert.Equal(1.1964m, book.StopOf("meme"));

        book.SetDistanceCap(null);
        Assert.Equal(1.1964m, book.StopOf("meme"));
        Assert.Empty(Tick(book, "DOGEUSDT", 1.30m)); // 1.30 × 0.825 = 1.0725 < floor 1.1964
        Assert.Equal(1.1964m, book.StopOf("meme"));
        Assert.Equal("meme", Assert.Single(Tick(book, "DOGEUSDT", 1.19m)).StrategyPositionId);
    }

    [Fact]
    public void Momentum_break_collects_longs_half_a_percent_below_their_high()
    {
        var book = new StopBook();
        book.Add(new StopOrder("early", "PEPEUSDT", ExposureSide.Long, 1.00m, 0.175m));
        Tick(book, "PEPEUSDT", 1.10m);
        book.Add(new StopOrder("late", "PEPEUSDT", ExposureSide.Long, 1.095m, 0.175m));

        // early: H 1.10, 1.10 × 0.995 = 1.0945 > 1.094; late: H 1.095, 1.095 × 0.995 = 1.089525 < 1.094.
        var broken = new List<string>();
        book.CollectMomentumBreaks("PEPEUSDT", ExposureSide.Long, 1.094m, 0.005m, broken);

        Assert.Equal(["early"], broken);
    }

    [Fact]
    public void Adding_the_same_id_twice_is_refused_and_removing_an_unknown_one_is_false()
    {
        var book = new StopBook();
        Assert.True(book.Add(new StopOrder("a", "SOLUSDT", ExposureSide.Long, 100m, 0.005m)));
        Assert.False(book.Add(new StopOrder("a", "SOLUSDT", ExposureSide.Long, 100m, 0.005m)));
        Assert.False(book.Remove("b"));
        Assert.True(book.Remove("a"));
        Assert.Empty(Tick(book, "SOLUSDT", 1m));
    }
}
