namespace Tally.Core;

/// <summary>
/// The running totals of one cycle, as a mutable struct so a position can reset and copy it without
/// allocating. Private to <see cref="Position"/>'s bookkeeping; <see cref="CycleState"/> is the public copy.
/// </summary>
internal struct CycleTotals
{
    public PositionDirection Side;
    public DateTimeOffset? OpenedAt;
    public decimal EntryQuantity;
    public decimal EntryValue;
    public decimal AverageEntry;
    public decimal ExitQuantity;
    public decimal ExitValue;
    public decimal AverageExit;
    public decimal Peak;
    public decimal Realized;
    public decimal SettlementFees;
}
