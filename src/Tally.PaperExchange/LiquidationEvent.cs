namespace Tally.PaperExchange;

/// <summary>
/// A liquidation fill — ORDER_TRADE_UPDATE with execution type CALCULATED, order type LIQUIDATION and a client order
/// id <c>autoclose-&lt;ms&gt;</c>. The ACCOUNT_UPDATE that follows is an ordinary <see cref="PositionEvent"/>.
/// </summary>
public sealed record LiquidationEvent(DateTimeOffset At, PaperOrder Order, PaperTrade Trade) : VenueEvent(At);
