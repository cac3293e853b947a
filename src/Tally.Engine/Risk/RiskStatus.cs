using System.Text.Json;
using System.Text.Json.Serialization;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Core.Risk;

namespace Tally.Engine.Risk;

/// <summary>
/// What <c>tally risk status</c> shows, as the running monitor stores it (<c>risk_state.status</c>) after every
/// evaluation and every change: the latest evaluation (equity, drawdown, health with its four parts), the breaker,
/// the gate and every open strategy position with its stop.
/// </summary>
public sealed record RiskStatus(
    DateTimeOffset At,
    string Gate,
    RiskStatusEvaluation? Evaluation,
    RiskStatusBreaker Breaker,
    IReadOnlyList<RiskStatusPosition> Positions);

public sealed record RiskStatusEvaluation(DateTimeOffset At, decimal Equity, decimal Basis, decimal Drawdown, decimal Health, decimal HealthPnl, decimal HealthQuality, decimal HealthConcentration, decimal HealthTime, int OpenPositions);

public sealed record RiskStatusBreaker(DateOnly Day, decimal DayStartEquity, decimal PeakEquity, string FiredToday, bool Halted, DateTimeOffset? HaltedAt, bool EntriesStopped, bool Tightened);

public sealed record RiskStatusPosition(string StrategyPositionId, string StrategyId, string Venue, string Account, string Symbol, string Side, decimal OpenQuantity, decimal? EntryPrice, decimal? LastPrice, decimal? Extreme, decimal? Stop, decimal? TakeProfit, decimal? StopLoss, string? ExitRequested);

/// <summary>The JSON of the monitor's stored state and status (System.Text.Json, snake_case, decimals as numbers).</summary>
public static class RiskStateJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Write(RiskMonitorState state) => JsonSerializer.Serialize(state, Options);

    /// <exception cref="JsonException">Not a stored monitor state.</exception>
    public static RiskMonitorState Read(string json) => JsonSerializer.Deserialize<RiskMonitorState>(json, Options) ?? throw new JsonException("risk_state holds null");

    public static string Write(RiskStatus status) => JsonSerializer.Serialize(status, Options);

    /// <exception cref="JsonException">Not a stored status.</exception>
    public static RiskStatus ReadStatus(string json) => JsonSerializer.Deserialize<RiskStatus>(json, Options) ?? throw new JsonException("risk_state.status holds null");

    /// <summary>The status of <paramref name="monitor"/> now.</summary>
    public static RiskStatus Status(RiskMonitor monitor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        var state = monitor.State;
        var e = monitor.LastEvaluation;
        return new RiskStatus(
            now,
            monitor.Gate.ToString(),
            e is null ? null : new RiskStatusEvaluation(e.At, e.Equity, e.Basis, e.Drawdown, e.Health.Total, e.Health.Pnl, e.Health.Quality, e.Health.Concentration, e.Health.Time, e.OpenPositions),
            new RiskStatusBreaker(state.Breaker.Day, state.Breaker.DayStartEquity, state.Breaker.PeakEquity, state.Breaker.FiredToday.ToWireName(), state.Breaker.Halted, state.Breaker.HaltedAt, state.Health.EntriesStopped, state.Health.Tightened),
            [.. monitor.OpenPositions().Select(m => new RiskStatusPosition(
                m.Position.StrategyPositionId,
                m.Position.StrategyId,
                m.Position.Venue,
                m.Position.Account,
                m.Position.Symbol,
                m.Position.Side.ToWireName(),
                m.Position.OpenQuantity,
                m.Position.EntryPrice,
                m.LastPrice,
                m.Extreme,
                m.Stop,
                m.Position.TakeProfitPrice,
                m.Position.StopLossPrice,
                m.ExitRequested?.ToCloseReason().ToWireName()))]);
    }
}
