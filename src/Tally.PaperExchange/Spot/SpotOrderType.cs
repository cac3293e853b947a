namespace Tally.PaperExchange.Spot;

/// <summary>The spot order types the paper exchange fills; LIMIT_MAKER is spot's post-only.</summary>
public enum SpotOrderType
{
    Market,
    Limit,
    LimitMaker,
}
