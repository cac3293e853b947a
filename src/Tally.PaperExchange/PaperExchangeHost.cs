using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tally.PaperExchange.Apis;
using Tally.PaperExchange.Http;
using Tally.PaperExchange.Spot;
using Tally.PaperExchange.Streams;

namespace Tally.PaperExchange;

/// <summary>
/// A running paper exchange: Kestrel on 127.0.0.1 with a port the OS picked, speaking the Binance USD-M REST
/// wire format, and Binance spot (<c>/api/v3</c>, <c>/ws-api/v3</c>) beside it. Dispose to stop it. Each host has its own venue, so tests running in parallel do not meet.
/// </summary>
public sealed class PaperExchangeHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PaperExchangeHost(WebApplication app, Uri baseAddress, string apiKey, string apiSecret, PaperVenue venue, UserDataStream userStream, MarketStreams marketStreams, SpotVenue spotVenue, SpotUserDataHub spotStream, MarketStreams spotMarketStreams)
    {
        SpotMarketStreams = spotMarketStreams;
        MarketStreams = marketStreams;
        _app = app;
        BaseAddress = baseAddress;
        ApiKey = apiKey;
        ApiSecret = apiSecret;
        Venue = venue;
        UserStream = userStream;
        SpotVenue = spotVenue;
        SpotStream = spotStream;
    }

    /// <summary>e.g. http://127.0.0.1:45123/ — point a Binance client's REST base here.</summary>
    public Uri BaseAddress { get; }

    public string ApiKey { get; }

    public string ApiSecret { get; }

    /// <summary>The simulated venue, for tests that want to look behind the wire.</summary>
    public PaperVenue Venue { get; }

    /// <summary>The USD-M user-data stream behind <c>/ws</c>: its connections and held events, for tests to wait on.</summary>
    public UserDataStream UserStream { get; }

    /// <summary>The public market streams (aggTrade, markPrice, kline): their connections and scripted faults.</summary>
    public MarketStreams MarketStreams { get; }

    /// <summary>The simulated spot venue behind <c>/api/v3</c>.</summary>
    public SpotVenue SpotVenue { get; }

    /// <summary>The spot public market streams (aggTrade, kline at <c>/spot/ws/…</c>, <c>/spot/stream</c>): their connections and scripted faults.</summary>
    public MarketStreams SpotMarketStreams { get; }

    /// <summary>The spot user-data subscriptions behind <c>/ws-api/v3</c> (drop and disconnect faults for tests).</summary>
    public SpotUserDataHub SpotStream { get; }

    public static async Task<PaperExchangeHost> StartAsync(PaperExchangeOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var (apiKey, apiSecret) = Credentials(options);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();
        try
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Tally.PaperExchange");
            var stream = new UserDataStream(options);
            var market = new MarketStreams(options);
            var venue = new PaperVenue(options, stream.Publish, market);
            market.SetClock(venue.AdvanceMarket);
            var limiter = new WeightLimiter(options.RequestWeightPerMinute, options.FirstBan, options.MaxBan);
            var faults = new FaultInjector(options.Seed, options.UnavailableRate, options.LostReplyRate) { ClockSkew = options.ClockSkew };
            faults.Throttle(options.TimeProvider.GetUtcNow() + options.ThrottleFor);
            var gate = new RequestGate(limiter, options.TimeProvider, apiKey, apiSecret, faults, logger);
            app.UseWebSockets();

            // Funding settles lazily: before any request is handled, every funding time that has passed is paid.
            // No timer: tests share virtual clocks on which creating a timer moves time; a process on the system
            // clock calls PaperVenue.CatchUp itself (tally paper-exchange does, every second).
            app.Use((http, next) =>
            {
                venue.CatchUp();
                return next(http);
            });
            app.MapMarketApi(venue, gate, options);
            app.MapAccountApi(venue, gate);
            app.MapLeverageApi(venue, gate);
            app.MapAccountInfoApi(venue, gate);
            app.MapTickerApi(venue, gate);
            var orderCounter = new OrderCounter(options.OrdersPer10Seconds, options.OrdersPerMinute);
            app.MapOrderApi(venue, gate, orderCounter, faults, logger);
            app.MapAlgoOrderApi(venue, gate, orderCounter);
            app.MapTradeApi(venue, gate);
            app.MapIncomeApi(venue, gate);
            app.MapFundingApi(venue, gate);
            app.MapUserStreamApi(stream, market, gate);
            app.MapMarketStreamApi(venue, market, gate);
            app.MapAdminApi(venue, faults, stream, market);
            var (spotVenue, spotStream, spotMarket) = app.MapSpotApi(options, apiKey, apiSecret, logger);
            app.MapSpotAdminApi(spotVenue, spotMarket);

            await app.StartAsync(cancellationToken);
            var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
            var baseAddress = new Uri(addresses.First().TrimEnd('/') + "/");
            Log.Started(logger, baseAddress, options.Seed);
            return new PaperExchangeHost(app, baseAddress, apiKey, apiSecret, venue, stream, market, spotVenue, spotStream, spotMarket);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        MarketStreams.Dispose();
        SpotMarketStreams.Dispose();
        Venue.StopTimers();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    /// <summary>The configured key and secret, or 64 hex characters each derived from the seed.</summary>
    private static (string ApiKey, string ApiSecret) Credentials(PaperExchangeOptions options)
    {
        var random = new Random(options.Seed);
        var key = new byte[32];
        var secret = new byte[32];
        random.NextBytes(key);
        random.NextBytes(secret);
        return (options.ApiKey ?? Convert.ToHexStringLower(key), options.ApiSecret ?? Convert.ToHexStringLower(secret));
    }
}
