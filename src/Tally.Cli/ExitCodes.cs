namespace Tally.Cli;

/// <summary>Process exit codes; part of the contract scripts rely on.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Something unexpected failed (a bug or an environment problem); the message says what.</summary>
    public const int Failure = 1;

    /// <summary>The input was refused: a bad row, a missing file or column, an unknown option value.</summary>
    public const int BadInput = 2;

    /// <summary><c>tally signal</c>: the signal was rejected (the decision and its reason are printed).</summary>
    public const int SignalRejected = 1;

    /// <summary><c>tally signal</c>: no decision came back (the API is unreachable, limited the rate, or failed).</summary>
    public const int Unreachable = 3;

    /// <summary>A one-shot <c>tally sync</c> stopped by SIGINT (Ctrl+C) before it finished; what was committed stays.</summary>
    public const int Interrupted = 130;

    /// <summary>A one-shot <c>tally sync</c> stopped by SIGTERM before it finished; what was committed stays.</summary>
    public const int Terminated = 143;
}
