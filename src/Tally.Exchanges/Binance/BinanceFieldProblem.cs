namespace Tally.Exchanges.Binance;

/// <summary>What was wrong with one field of a Binance record.</summary>
public enum BinanceFieldProblemKind
{
    /// <summary>The field is absent or JSON null.</summary>
    Missing,

    /// <summary>The field is present but not of the form the wire model reads (a decimal, an int64, BUY/SELL…).</summary>
    Malformed,

    /// <summary>The record itself is not a JSON object (<see cref="BinanceFieldProblem.Field"/> is empty).</summary>
    NotAnObject,
}

/// <summary>
/// The first field of a record that the wire model refused, for readers that report per record rather than
/// throw (<c>tally import</c>'s row errors).
/// </summary>
/// <param name="Field">The field's path (<c>qty</c>, <c>o.l</c>); empty for the record itself.</param>
/// <param name="Value">The value as sent: a string's content, or a number's or literal's token; empty when missing.</param>
/// <param name="Kind">Missing or malformed.</param>
/// <param name="Message">The message the throwing parsers give for the same problem.</param>
public sealed record BinanceFieldProblem(string Field, string Value, BinanceFieldProblemKind Kind, string Message);

/// <summary>The <see cref="FormatException"/> the field readers throw, carrying the problem in structured form.</summary>
internal sealed class BinanceFieldException : FormatException
{
    public BinanceFieldException()
    {
    }

    public BinanceFieldException(string message)
        : base(message)
    {
    }

    public BinanceFieldException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BinanceFieldException(BinanceFieldProblem problem)
        : base(problem?.Message)
    {
        Problem = problem;
    }

    public BinanceFieldProblem? Problem { get; }
}
