namespace Tally.Import;

/// <summary>
/// A whole input file cannot be read (missing, empty, a required column absent). Bad rows are not
/// exceptions; they are reported as <see cref="RowError"/> beside the good ones.
/// </summary>
public sealed class InputFileException : Exception
{
    public InputFileException(string message)
        : base(message)
    {
    }

    public InputFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InputFileException()
    {
    }
}
