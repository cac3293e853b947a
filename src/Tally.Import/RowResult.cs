namespace Tally.Import;

/// <summary>One row of an input file: a fill, or the reason it was refused. Exactly one is set.</summary>
public readonly record struct RowResult(ParsedFill? Fill, RowError? Error)
{
    public static RowResult Ok(ParsedFill fill) => new(fill, null);

    public static RowResult Bad(RowError error) => new(null, error);
}
