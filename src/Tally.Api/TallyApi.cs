using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tally.Api.Fills;
using Tally.Api.Live;
using Tally.Api.Positions;
using Tally.Api.Queries;
using Tally.Api.Risk;
using Tally.Api.Security;
using Tally.Api.Signals;
using Tally.Api.Webhooks;
using Tally.Engine.Risk;
using Tally.Storage;
using Tally.Storage.Live;

namespace Tally.Api;

/// <summary>
/// The HTTP API in two calls: <see cref="AddTallyApi"/> registers it (Kestrel on the configured address, problem
/// details, the OpenAPI document, the write rate limit), <see cref="MapTallyApi"/> maps its groups. The host brings
/// <see cref="Engine.Dispatch.ISignalIntake"/> (signals), and <see cref="AddTallyApiStore"/> the store's side: <see
/// cref="IApiQueries"/> (reads), <see cref="OperatorActions"/> (force close, halt reset) and the log's <see
/// cref="ChangeFeed"/> (the live stream).
/// </summary>
public static class TallyApi
{
    /// <summary>The rate-limiter policy every write endpoint requires.</summary>
    public const string WritePolicy = "tally-writes";

    public static IServiceCollection AddTallyApi(this IServiceCollection services, ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddSingleton(new ApiToken(options.Token));
        services.AddSingleton<StreamClients>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddRouting();
        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        services.Configure<KestrelServerOptions>(kestrel => kestrel.Listen(options.ListenAddress, options.Port));
        services.AddRateLimiter(limiter =>
        {
            // One budget for every caller: the API serves one operator, and the limit guards the venue's order
            // rate and the store, not fairness between clients.
            limiter.AddFixedWindowLimiter(WritePolicy, window =>
            {
                window.PermitLimit = options.WritesPerWindow;
                window.Window = options.RateWindow;
                window.QueueLimit = 0;
            });
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                Log.RateLimited(http.RequestServices.GetRequiredService<ILogger<ApiOptions>>(), http.Request.Method, http.Request.Path);
                await TypedResults.Problem(
                    $"at most {options.WritesPerWindow} writes per {options.RateWindow}; try again later",
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many requests").ExecuteAsync(http);
            };
        });
        return services;
    }

    /// <summary>The store's side of the API: reads on <paramref name="log"/>, its operator actions and its change feed.</summary>
    public static IServiceCollection AddTallyApiStore(this IServiceCollection services, FillLog log)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(log);
        services.AddSingleton<IApiQueries>(new FillLogQueries(log));
        services.AddSingleton(sp => new OperatorActions(log, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(log.Changes);
        return services;
    }

    public static WebApplication MapTallyApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.MapOpenApi();
        app.MapSignalsApi();
        app.MapWebhooksApi();
        app.MapAttributionApi();
        app.MapPositionsApi();
        app.MapRiskApi();
        app.MapFillsApi();
        app.MapStreamApi();
        app.Lifetime.ApplicationStarted.Register(() => LogAddresses(app));
        return app;
    }

    /// <summary>The base URLs the server listens on (the real port when 0 was configured); empty before it starts.</summary>
    public static IReadOnlyList<Uri> Addresses(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return [.. addresses.Select(a => new Uri(a))];
    }

    private static void LogAddresses(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILogger<ApiOptions>>();
        foreach (var address in app.Addresses())
        {
            Log.Listening(logger, address.AbsoluteUri);
        }
    }
}
