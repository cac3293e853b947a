using Tally.Engine.Risk;

namespace Tally.Api.Queries;

/// <summary>
/// The latest price the engine knows per venue and symbol: the risk monitor's last price of each symbol it watches,
/// as its status carries them (<see cref="RiskStatusPosition.LastPrice"/>).
/// </summary>
public sealed class Marks
{
    public static readonly Marks None = new(new Dictionary<(string, string), decimal>());

    private readonly IReadOnlyDictionary<(string Venue, string Symbol), decimal> _prices;

    private Marks(IReadOnlyDictionary<(string Venue, string Symbol), decimal> prices) => _prices = prices;

    public static Marks Of(RiskStatus? status)
    {
        if (status is null)
        {
            return None;
        }

        var prices = new Dictionary<(string, string), decimal>();
        foreach (var p in status.Positions)
        {
            if (p.LastPrice is { } price)
            {
                prices[(p.Venue, p.Symbol)] = price;
            }
        }

        return new Marks(prices);
    }

    /// <summary>The symbol's last price on the venue; null when the engine knows none.</summary>
    public decimal? For(string venue, string symbol) => _prices.TryGetValue((venue, symbol), out var price) ? price : null;
}
