using System.Text.Json;
using Tally.Core.Signals;
using Tally.Storage;

namespace Tally.Engine.Risk;

/// <summary>
/// The operator's own gate (<c>/stopentry</c>, <c>/stop</c>, <c>/start</c>): stored as the <c>risk_state</c> row named
/// <see cref="Name"/> so it outlives a restart, and combined with the monitor's gate by taking the stricter of the two.
/// It stays until <c>/start</c> clears it; the drawdown breaker's halt is the monitor's and only a reset clears it.
/// </summary>
public static class OperatorSwitch
{
    /// <summary>The <c>risk_state</c> row's name.</summary>
    public const string Name = "operator";

    /// <summary>The switch a stored row holds; <see cref="RiskGate.Open"/> without a row.</summary>
    public static RiskGate Read(StoredRiskState? row)
    {
        if (row is null)
        {
            return RiskGate.Open;
        }

        using var document = JsonDocument.Parse(row.State);
        return document.RootElement.TryGetProperty("gate", out var gate) && Enum.TryParse<RiskGate>(gate.GetString(), ignoreCase: false, out var value)
            ? value
            : RiskGate.Open;
    }

    /// <summary>The row's JSON: the switch, who set it and when.</summary>
    public static string Write(RiskGate gate, string requestedBy, DateTimeOffset at) =>
        JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["gate"] = gate.ToString(),
            ["by"] = requestedBy,
            ["at"] = at.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        });

    /// <summary>The stricter of two gates (Open &lt; StopNewEntries &lt; StopAllTrading).</summary>
    public static RiskGate Stricter(RiskGate a, RiskGate b) => (int)a >= (int)b ? a : b;
}
