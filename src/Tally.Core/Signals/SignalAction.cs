namespace Tally.Core.Signals;

/// <summary>What a signal asks for: open or add long (<see cref="Buy"/>), short (<see cref="Sell"/>), or close the strategy's positions.</summary>
public enum SignalAction
{
    Buy,
    Sell,
    Close,
}
