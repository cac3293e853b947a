namespace Tally.Api.Signals;

/// <summary>Why a request was refused: the field, the value as sent (null when absent), and what is wrong with it.</summary>
public sealed record FieldProblem(string Field, string? Value, string Problem)
{
    /// <summary>One line: <c>confidence: "1.5" is not a number from 0 to 1</c>.</summary>
    public string Detail => Value is null ? $"{Field}: {Problem}" : $"{Field}: \"{Value}\" {Problem}";
}
