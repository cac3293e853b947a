namespace Tally.Storage;

/// <summary>The database cannot be used by this build (for example, its schema is newer than this binary knows).</summary>
public sealed class SchemaException : Exception
{
    public SchemaException(string message)
        : base(message)
    {
    }

    public SchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SchemaException()
    {
    }
}
