using System.Text.Json;

namespace Tally.Exchanges.Binance.Market;

/// <summary>
/// Turns one text frame of the USD-M market streams into a <see cref="BinanceMarketEvent"/>: the bare event
/// (<c>/ws/…</c>) or the combined wrapper <c>{"stream":…,"data":{…}}</c> (<c>/stream?streams=…</c>), which give the same
/// event. Another event type (or a bare array such as <c>!markPrice@arr</c>) comes back as
/// <see cref="BinanceMarketEvent.Unknown"/>; a frame that is not JSON, has no <c>e</c>, or a known event with a missing or
/// malformed field throws <see cref="FormatException"/> naming the field by its path (<c>data.k.c</c>). Stateless and
/// thread safe.
/// </summary>
public static class BinanceMarketDataParser
{
    private const string What = "market-stream message";

    /// <exception cref="FormatException">Not JSON, no <c>e</c>, or a known event with a bad field (named in the message).</exception>
    public static BinanceMarketEvent Parse(string json)
    {
        using var document = BinanceJsonObject.ParseDocument(json, What);
        var root = document.RootElement;
        var (element, path) = root.ValueKind == JsonValueKind.Object && !root.TryGetProperty("e", out _) &&
            root.TryGetProperty("data", out var data) ? (data, "data") : (root, string.Empty);
        if (element.ValueKind == JsonValueKind.Array)
        {
            return new BinanceMarketEvent.Unknown("array", element.GetRawText());
        }

        var eventType = BinanceJsonObject.Of(element, path, What).String("e");
        var e = BinanceJsonObject.Of(element, path, eventType);
        return eventType switch
        {
            BinanceMarketEvent.AggTrade.EventType => BinanceMarketEvent.AggTrade.Read(e),
            BinanceMarketEvent.MarkPrice.EventType => BinanceMarketEvent.MarkPrice.Read(e),
            BinanceMarketEvent.Kline.EventType => BinanceMarketEvent.Kline.Read(e),
            _ => new BinanceMarketEvent.Unknown(eventType, element.GetRawText()),
        };
    }
}
