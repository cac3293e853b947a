using Tally.Core.Attribution;

namespace Tally.Core.Risk;

/// <summary>
/// The one place a <see cref="RiskExitReason"/> becomes the <see cref="CloseReason"/> its exit order is placed with
/// (DESIGN §3 and §5), and the spelling users see.
/// </summary>
public static class RiskExitReasons
{
    public static CloseReason ToCloseReason(this RiskExitReason reason) => reason switch
    {
        RiskExitReason.TrailingStop => CloseReason.TrailingStop,
        RiskExitReason.TakeProfit => CloseReason.TakeProfit,
        RiskExitReason.StopLoss => CloseReason.StopLoss,
        RiskExitReason.Dump => CloseReason.Dump,
        RiskExitReason.Correlation => CloseReason.Correlation,
        RiskExitReason.HoldTime => CloseReason.HoldTime,
        RiskExitReason.Health => CloseReason.Health,
        RiskExitReason.CircuitBreaker => CloseReason.CircuitBreaker,
        RiskExitReason.Manual => CloseReason.Manual,
    };

    /// <summary><c>trailing_stop</c>, <c>dump</c> …: the close reason's wire name.</summary>
    public static string ToWireName(this RiskExitReason reason) => reason.ToCloseReason().ToWireName();
}
