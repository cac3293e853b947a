using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Tally.PaperExchange.Http;

namespace Tally.PaperExchange.Spot;

/// <summary>Wires the spot venue, its REST API and its WebSocket API onto a paper exchange host.</summary>
public static class SpotApi
{
    /// <summary>
    /// Maps <c>/api/v3/*</c> and <c>/ws-api/v3</c> behind a gate of their own (spot weight counts apart from
    /// fapi's) with the same key pair, clock and fault rates as the futures side.
    /// </summary>
    public static (SpotVenue Venue, SpotUserDataHub Stream) MapSpotApi(this IEndpointRouteBuilder app, PaperExchangeOptions options, string apiKey, string apiSecret, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var spot = options.Spot;
        spot.Validate();
        var hub = new SpotUserDataHub(options.Seed, spot.StreamDropRate);
        var venue = new SpotVenue(spot, options.Seed, options.TimeProvider, hub.Publish);
        var limiter = new WeightLimiter(spot.RequestWeightPerMinute, options.FirstBan, options.MaxBan);

        // A fault stream of its own, so spot traffic does not shift the futures faults of a seed.
        var faults = new FaultInjector(unchecked(options.Seed ^ 0x5907), options.UnavailableRate, options.LostReplyRate);
        var gate = new RequestGate(limiter, options.TimeProvider, apiKey, apiSecret, faults, logger);
        app.MapSpotRestApi(venue, gate, new SpotOrderCounter(spot.OrdersPer10Seconds, spot.OrdersPerDay), faults);
        app.MapSpotWsApi(hub, limiter, options.TimeProvider, apiKey, apiSecret, spot);
        return (venue, hub);
    }
}
