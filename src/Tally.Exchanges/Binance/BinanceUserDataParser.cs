using System.Text.Json;

namespace Tally.Exchanges.Binance;

/// <summary>
/// Turns one text frame of a Binance user-data stream into a <see cref="BinanceUserDataEvent"/>.
/// </summary>
/// <remarks>
/// <para>Three framings are accepted, and give the same event:</para>
/// <list type="bullet">
/// <item>the bare event, <c>{"e":"ORDER_TRADE_UPDATE",…}</c> (raw USD-M stream, legacy spot stream);</item>
/// <item>the combined-stream wrapper, <c>{"stream":"&lt;listenKey&gt;","data":{…}}</c>;</item>
/// <item>the 2026 spot WebSocket API subscription, <c>{"subscriptionId":0,"event":{…}}</c>.</item>
/// </list>
/// <para>
/// An event type that is not modelled comes back as <see cref="BinanceUserDataEvent.Unknown"/>, never as an
/// exception. A frame that is not JSON, has no event type <c>e</c>, or is a known event with a missing or
/// malformed field throws <see cref="FormatException"/> whose message names the field by its path in the
/// frame (<c>data.o.l</c>). Stateless and thread safe.
/// </para>
/// </remarks>
public static class BinanceUserDataParser
{
    private const string What = "user-data message";

    /// <exception cref="FormatException">Not JSON, no <c>e</c>, or a known event with a bad field (named in the message).</exception>
    public static BinanceUserDataEvent Parse(string json)
    {
        using var document = BinanceJsonObject.ParseDocument(json, What);
        var root = document.RootElement;
        var (element, path) = Unwrap(root);
        var probe = BinanceJsonObject.Of(element, path, What);
        var eventType = probe.String("e");
        var e = BinanceJsonObject.Of(element, path, eventType);
        return eventType switch
        {
            BinanceUserDataEvent.OrderTradeUpdate.EventType => BinanceUserDataEvent.OrderTradeUpdate.Read(e),
            BinanceUserDataEvent.TradeLite.EventType => BinanceUserDataEvent.TradeLite.Read(e),
            BinanceUserDataEvent.AccountUpdate.EventType => BinanceUserDataEvent.AccountUpdate.Read(e),
            BinanceUserDataEvent.AccountConfigUpdate.EventType => BinanceUserDataEvent.AccountConfigUpdate.Read(e),
            BinanceUserDataEvent.ListenKeyExpired.EventType => BinanceUserDataEvent.ListenKeyExpired.Read(e),
            BinanceUserDataEvent.ExecutionReport.EventType => BinanceUserDataEvent.ExecutionReport.Read(e),
            BinanceUserDataEvent.OutboundAccountPosition.EventType => BinanceUserDataEvent.OutboundAccountPosition.Read(e),
            BinanceUserDataEvent.EventStreamTerminated.EventType => BinanceUserDataEvent.EventStreamTerminated.Read(e),
            _ => new BinanceUserDataEvent.Unknown(eventType, element.GetRawText()),
        };
    }

    // The envelope is recognised by shape, not by the stream name: nautilus' recordings put the event type
    // in "stream", Binance puts the listenKey there.
    private static (JsonElement Event, string Path) Unwrap(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Object && !root.TryGetProperty("e", out _))
        {
            if (root.TryGetProperty("event", out var inner) && inner.ValueKind == JsonValueKind.Object)
            {
                return (inner, "event");
            }

            if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
            {
                return (data, "data");
            }
        }

        return (root, "");
    }
}
