using System.Globalization;

namespace Tally.Import;

/// <summary>One bad value in an input file: where it is, what it was, and why it was refused.</summary>
public sealed record RowError(int Line, string Column, string Value, string Problem)
{
    /// <summary>The one-line form users see, e.g. <c>line 7, column qty: "-1" is not a positive number</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"line {Line}, column {Column}: \"{Value}\" {Problem}");
}
