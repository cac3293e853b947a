using System.Text.Json;
using Tally.Api.Json;
using Tally.Engine.Risk;
using Tally.Storage;
using Tally.Storage.Live;

namespace Tally.Api.Live;

/// <summary>
/// The live stream's events for one committed change of the log, each a name and a JSON object written by the shared
/// writers: <c>fill</c> (per new fill, with what it did to its position), <c>strategy_position</c> (per attribution
/// change), <c>signal</c>, <c>risk_event</c>, <c>risk_state</c> (the status, as <c>GET /api/risk</c>) and
/// <c>risk_request</c> (a force close or reset left for the engine).
/// </summary>
public static class LiveEvents
{
    public const string Fill = "fill";
    public const string StrategyPosition = "strategy_position";
    public const string Signal = "signal";
    public const string RiskEvent = "risk_event";
    public const string RiskState = "risk_state";
    public const string RiskRequest = "risk_request";

    /// <summary>The events of <paramref name="change"/>, in order; <paramref name="emit"/> gets each name and the writer of its data.</summary>
    public static void Of(LogChange change, Action<string, Action<Utf8JsonWriter>> emit)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(emit);
        switch (change)
        {
            case FillsCommitted committed:
                foreach (var effect in committed.Report.Positions)
                {
                    emit(Fill, json => LedgerJson.WriteEffect(json, effect));
                }

                foreach (var attribution in committed.Report.Attribution)
                {
                    emit(StrategyPosition, json => WriteAttribution(json, attribution));
                }

                break;
            case SignalRecorded recorded:
                emit(Signal, json => SignalJson.WriteSignal(json, recorded.Signal));
                break;
            case RiskJournalled journalled:
                foreach (var e in journalled.Events)
                {
                    emit(RiskEvent, json => RiskJson.WriteEvent(json, e));
                }

                EmitState(journalled.State, emit);
                break;
            case RiskStateChanged changed:
                EmitState(changed.State, emit);
                break;
            case RiskRequested requested:
                emit(RiskRequest, json => WriteRequest(json, requested.Request));
                break;
        }
    }

    /// <summary><c>strategy_position</c>: <c>event</c> (opened, increased, reduced, closed), the fill's <c>trade_id</c> and the position after it.</summary>
    public static void WriteAttribution(Utf8JsonWriter json, AttributionChange change)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(change);
        json.WriteStartObject();
        json.WriteString("event", change.Event switch
        {
            StrategyPositionEvent.Opened => "opened",
            StrategyPositionEvent.Increased => "increased",
            StrategyPositionEvent.Reduced => "reduced",
            StrategyPositionEvent.Closed => "closed",
        });
        json.WriteString("trade_id", change.Fill.TradeId);
        json.WritePropertyName("strategy_position");
        AttributionJson.WriteStrategyPosition(json, change.Position, mark: null);
        json.WriteEndObject();
    }

    private static void EmitState(StoredRiskState? state, Action<string, Action<Utf8JsonWriter>> emit)
    {
        if (state?.Status is { } statusJson)
        {
            var status = RiskStateJson.ReadStatus(statusJson);
            emit(RiskState, json =>
            {
                json.WriteStartObject();
                RiskJson.WriteStatus(json, status);
                json.WriteEndObject();
            });
        }
    }

    private static void WriteRequest(Utf8JsonWriter json, RiskRequest request)
    {
        json.WriteStartObject();
        json.WriteNumber("id", request.Id);
        json.Time("ts", request.At);
        json.WriteString("kind", request.Kind);
        json.StringOrNull("target", request.Target);
        json.WriteEndObject();
    }
}
