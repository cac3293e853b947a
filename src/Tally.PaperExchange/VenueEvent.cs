namespace Tally.PaperExchange;

/// <summary>Something the account's user-data stream reports. Raised by <see cref="PaperVenue"/> under its lock, in order.</summary>
public abstract record VenueEvent(DateTimeOffset At);

/// <summary>An order changed: NEW, TRADE (with its fill), CANCELED or EXPIRED — ORDER_TRADE_UPDATE's execution type.</summary>
public sealed record OrderEvent(DateTimeOffset At, PaperOrder Order, string ExecutionType, PaperTrade? Trade) : VenueEvent(At);

/// <summary>A fill changed a position and the wallet — ACCOUNT_UPDATE with reason ORDER.</summary>
/// <param name="AccumulatedRealized">Realized PnL of this (symbol, side) book since the start, before fees.</param>
/// <param name="WalletBalance">USDT wallet: initial balance + Σ realized − Σ fees.</param>
public sealed record PositionEvent(DateTimeOffset At, PositionSnapshot Position, decimal AccumulatedRealized, decimal WalletBalance, decimal BalanceChange) : VenueEvent(At);
