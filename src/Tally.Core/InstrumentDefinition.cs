namespace Tally.Core;

/// <summary>
/// An instrument as defined for one venue, or for every venue without an own definition (<paramref name="Venue"/> null).
/// The same symbol may mean different instruments on different venues: spot BTCUSDT and the USD-M BTCUSDT perpetual.
/// </summary>
public readonly record struct InstrumentDefinition(string? Venue, Instrument Instrument);
