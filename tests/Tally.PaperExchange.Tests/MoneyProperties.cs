using System.Globalization;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using Tally.Core;

namespace Tally.PaperExchange.Tests;

/// <summary>
/// For any seed and any run of orders, price jumps and hours passing on a small account: after every price move the
/// account is either above maintenance or flat, the income ledger adds up to the wallet, and Tally.Core's ledger
/// folding every userTrades row (liquidation fills included) lands on the venue's positions.
/// </summary>
public sealed class MoneyProperties
{
    private static readonly string[] Symbols = ["BTCUSDT", "ETHUSDT"];

    [Property(MaxTest = 40)]
    public void Liquidation_funding_and_income_stay_consistent(int seed, bool hedge)
    {
        var (venue, clock, _) = Run(seed, hedge);

        Assert.Null(venue.TryGetIncome(new IncomeQuery(null, null, DateTimeOffset.UnixEpoch, clock.GetUtcNow(), 1, 1000), out var income));
        var realizedRows = income.Count(r => r.Type == IncomeType.RealizedPnl);
        var drift = Math.Abs(300m + income.Sum(r => r.Income) - venue.WalletBalance);
        Assert.True(drift <= realizedRows * 0.000000005m, $"income and wallet differ by {drift}");

        var ledger = new Ledger();
        foreach (var symbol in Symbols)
        {
            Assert.Null(venue.TryGetTrades(new TradeQuery(symbol, null, 0, null, null, 1000), out var trades));
            foreach (var t in trades)
            {
                var fill = new Fill("paper", "main", symbol, t.Side, t.PositionSide, t.Quantity, t.Price, t.Commission, "USDT", t.Id.ToString(CultureInfo.InvariantCulture), t.Time);
                Assert.Null(ledger.Apply(fill).Anomaly);
            }
        }

        foreach (var row in venue.Positions(null).Where(r => Symbols.Contains(r.Symbol.Symbol)))
        {
            Assert.Equal(ledger.Find(new PositionKey("paper", "main", row.Symbol.Symbol, row.PositionSide))?.SignedQuantity ?? 0m, row.Amount);
        }
    }

    [Fact]
    public void The_runs_of_the_property_do_liquidate_and_pay_funding()
    {
        // Guards the property against checking nothing: over a handful of seeds the same runs liquidate and fund.
        var events = Enumerable.Range(0, 20).SelectMany(seed => Run(seed, hedge: seed % 2 == 0).Events).ToList();
        Assert.Contains(events, e => e is LiquidationEvent);
        Assert.Contains(events, e => e is BalanceEvent { Reason: BalanceChangeReason.FundingFee });
    }

    /// <summary>60 seeded steps: a market order, a price jump of up to ±8 %, or 1–11 hours passing.</summary>
    private static (PaperVenue Venue, FakeTimeProvider Clock, List<VenueEvent> Events) Run(int seed, bool hedge)
    {
        var clock = new FakeTimeProvider(ExchangeFixture.Start);
        var events = new List<VenueEvent>();
        var venue = new PaperVenue(
            new PaperExchangeOptions { Seed = seed, TimeProvider = clock, InitialBalance = 300m, PositionMode = hedge ? PositionMode.Hedge : PositionMode.OneWay },
            events.Add);
        var random = new Random(seed);
        for (var i = 0; i < 60; i++)
        {
            var symbol = Symbols[random.Next(Symbols.Length)];
            switch (random.Next(3))
            {
                case 0:
                    var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
                    PositionSide? positionSide = hedge ? (random.Next(2) == 0 ? PositionSide.Long : PositionSide.Short) : null;
                    var quantity = symbol == "BTCUSDT" ? 0.001m * random.Next(2, 40) : 0.01m * random.Next(1, 100);
                    var error = venue.TryPlace(new OrderRequest(symbol, side, OrderType.Market, positionSide, quantity, null, null, null, null), out _, out _);
                    Assert.True(error is null || error.Code == -2022, error?.Message);
                    break;
                case 1:
                    venue.SetPrice(symbol, venue.MarkPrice(symbol) * (1m + (random.Next(-80, 81) / 1000m)));
                    var (equity, maintenance) = venue.Margin();
                    Assert.True(equity >= maintenance || venue.Positions(null).All(p => p.Amount == 0), $"equity {equity} < maintenance {maintenance} with positions open");
                    break;
                default:
                    clock.Advance(TimeSpan.FromHours(random.Next(1, 12)));
                    venue.CatchUp();
                    break;
            }
        }

        return (venue, clock, events);
    }
}
