namespace Tally.Storage;

/// <summary>The order type an intent is sent as.</summary>
public enum OrderIntentKind
{
    Market,
    Limit,
    TakeProfitMarket,
    StopMarket,
}
