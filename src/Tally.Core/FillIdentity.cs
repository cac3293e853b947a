namespace Tally.Core;

/// <summary>What makes a fill the same fill: (venue, account, symbol, venue trade id).</summary>
public readonly record struct FillIdentity(string Venue, string Account, string Symbol, string TradeId)
{
    public static FillIdentity Of(in Fill fill) => new(fill.Venue, fill.Account, fill.Symbol, fill.TradeId);

    public override string ToString() => $"{Venue}/{Account}/{Symbol}#{TradeId}";
}
