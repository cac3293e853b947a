using Tally.Api.Security;
using Tally.Engine.Risk;
using Tally.Storage.Live;

namespace Tally.Dashboard;

/// <summary>
/// What the dashboard needs beside the API's reads: the log's change feed (live updates), the operator's actions
/// (force close) and the API token that guards them.
/// </summary>
public sealed class DashboardSources(ChangeFeed changes, OperatorActions actions, ApiToken token)
{
    /// <summary>Who a force close from the dashboard is audited as.</summary>
    public const string RequestedBy = "dashboard";

    public ChangeFeed Changes { get; } = changes;

    public OperatorActions Actions { get; } = actions;

    /// <summary>True when <paramref name="secret"/> is the API's token (false when none is configured).</summary>
    public bool Admits(string? secret) => token.Matches(secret);
}
