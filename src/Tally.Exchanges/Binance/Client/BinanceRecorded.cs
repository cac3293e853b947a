namespace Tally.Exchanges.Binance.Client;

/// <summary>A parsed wire record together with its exact JSON text, so the fill log can keep what the venue sent.</summary>
public sealed record BinanceRecorded<T>(T Value, string Raw);
