namespace Tally.Core.Risk;

/// <summary>
/// The dump detector's three signals for one position (DESIGN §5): (a) taker pressure against the position in each
/// of the last closed candles, (b) the order flow flipped against it, (c) the price broke away from its best since
/// the entry. Two or more (by default) exit with reason dump.
/// </summary>
public readonly record struct DumpSignals(bool Pressure, bool FlowFlip, bool MomentumBreak)
{
    public int Count => (Pressure ? 1 : 0) + (FlowFlip ? 1 : 0) + (MomentumBreak ? 1 : 0);

    public bool Exits(int required) => Count >= required;

    public override string ToString() =>
        $"pressure={Pressure} flow_flip={FlowFlip} momentum_break={MomentumBreak}";
}
