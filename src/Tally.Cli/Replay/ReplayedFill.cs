using Tally.Core;
using Tally.Import;

namespace Tally.Cli.Replay;

/// <summary>One input row and what folding it did.</summary>
public sealed record ReplayedFill(ParsedFill Input, FillOutcome Outcome);
