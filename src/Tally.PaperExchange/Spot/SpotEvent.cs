namespace Tally.PaperExchange.Spot;

/// <summary>Something the spot user-data subscription reports; raised by <see cref="SpotVenue"/> under its lock, in order.</summary>
public abstract record SpotEvent(DateTimeOffset At);

/// <summary>An order changed — executionReport with x = NEW, TRADE (with its fill), CANCELED or EXPIRED.</summary>
public sealed record SpotOrderEvent(DateTimeOffset At, SpotOrder Order, string ExecutionType, SpotTrade? Trade) : SpotEvent(At);

/// <summary>Balances changed — outboundAccountPosition with the assets that moved.</summary>
public sealed record SpotBalanceEvent(DateTimeOffset At, IReadOnlyList<SpotBalance> Balances) : SpotEvent(At);
