namespace Tally.Core;

/// <summary>
/// How an instrument settles. Spot and linear contracts settle in the quote asset; inverse contracts
/// are quoted in USD but settle (and realize PnL) in the base asset.
/// </summary>
public enum InstrumentKind
{
    Spot,
    Linear,
    Inverse,
}
