using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Tally.PaperExchange.Apis;
using Tally.PaperExchange.Http;
using Tally.PaperExchange.Streams;

namespace Tally.PaperExchange.Spot;

/// <summary>Wires the spot venue, its REST API and its WebSocket API onto a paper exchange host.</summary>
public static class SpotApi
{
    /// <summary>
    /// Maps <c>/api/v3/*</c> and <c>/ws-api/v3</c> behind a gate of their own (spot weight counts apart from
    /// fapi's) with the same key pair, clock and fault rates as the futures side, and the spot public market streams
    /// (<c>/spot/ws/…</c>, <c>/spot/stream?streams=…</c>) with <c>GET /api/v3/klines</c>.
    /// </summary>
    public static (SpotVenue Venue, SpotUserDataHub Stream, MarketStreams Market) MapSpotApi(this IEndpointRouteBuilder app, PaperExchangeOptions options, string apiKey, string apiSecret, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var spot = options.Spot;
        spot.Validate();
        var hub = new SpotUserDataHub(options.Seed, spot.StreamDropRate);
        var market = MarketStreams.ForSpot(options);
        var venue = new SpotVenue(spot, options.Seed, options.TimeProvider, hub.Publish, market);
        market.SetClock(venue.AdvanceMarket);
        var limiter = new WeightLimiter(spot.RequestWeightPerMinute, options.FirstBan, options.MaxBan);

        // A fault stream of its own, so spot traffic does not shift the futures faults of a seed.
        var faults = new FaultInjector(unchecked(options.Seed ^ 0x5907), options.UnavailableRate, options.LostReplyRate);
        var gate = new RequestGate(limiter, options.TimeProvider, apiKey, apiSecret, faults, logger);
        app.MapSpotRestApi(venue, gate, new SpotOrderCounter(spot.OrdersPer10Seconds, spot.OrdersPerDay), faults);
        app.MapSpotWsApi(hub, limiter, options.TimeProvider, apiKey, apiSecret, spot);
        app.MapSpotMarketStreamApi(venue, market, gate);
        return (venue, hub, market);
    }
}
