namespace Tally.Storage;

/// <summary>One correction made to stored state, with what it was, what it became and why.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Kind, string Subject, string? Before, string? After, string Reason);
