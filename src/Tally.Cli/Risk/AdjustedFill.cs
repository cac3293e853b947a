namespace Tally.Cli.Risk;

/// <summary>
/// A row of the fill file that <c>tally risk replay</c> could not fold as recorded because the risk rules had
/// already closed (some of) what it exits: it was folded with <paramref name="FoldedQuantity"/> of its exit
/// (0: skipped). A row never exits more than the simulation still holds.
/// </summary>
public sealed record AdjustedFill(int Line, string TradeId, decimal ExitQuantity, decimal FoldedQuantity, string Note);
