namespace Tally.Core;

/// <summary>
/// Why the ledger cannot take a fill (or a funding payment): the field, its value as the ledger saw it, and the
/// problem, e.g. <c>qty "0" is not positive</c>. An expected outcome, returned by <see cref="Ledger.Check"/>.
/// </summary>
public sealed record FillRejection(string Field, string Value, string Problem)
{
    public override string ToString() => $"{Field} \"{Value}\" {Problem}";
}
