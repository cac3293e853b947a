namespace Tally.Workloads;

/// <summary>
/// What the generator remembers about one symbol: its net position in lots of 0.001 (+ long, − short) and
/// its last price in cents. Integers, so the stream is exact and cheap to steer.
/// </summary>
internal struct SymbolWalk
{
    public long NetLots;
    public long PriceCents;
}
