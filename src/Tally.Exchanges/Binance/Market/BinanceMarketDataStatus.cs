namespace Tally.Exchanges.Binance.Market;

/// <summary>A change of a <see cref="BinanceMarketDataClient"/>'s state, for its status callback.</summary>
/// <param name="Attempt">Failed attempts in a row so far (0 once connected).</param>
/// <param name="Reason">Why it is reconnecting ("closed by the server", "silent for 10 s", an error message); null otherwise.</param>
/// <param name="Delay">The backoff before the next attempt when <see cref="State"/> is Reconnecting; zero otherwise.</param>
public sealed record BinanceMarketDataStatus(BinanceMarketDataState State, int Attempt, string? Reason, TimeSpan Delay);
