using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Tally.Api;
using Tally.Api.Security;
using Tally.Engine.Dispatch;
using Tally.Engine.Metrics;
using Tally.Engine.Risk;
using Tally.Storage;

namespace Tally.Metrics;

/// <summary>
/// Prometheus metrics for <c>tally run</c> in two calls: <see cref="AddTallyMetrics"/> registers OpenTelemetry over
/// the <c>Tally</c> meter with the Prometheus exporter, the ledger's instruments (<see cref="LedgerMetrics"/>, a
/// hosted service on the log's change feed) and the instruments the engine's parts take from DI
/// (<see cref="StreamMetrics"/>, <see cref="RiskMetrics"/>); <see cref="MapTallyMetrics"/> serves them at
/// <see cref="Path"/>. docs/METRICS.md lists every metric.
/// </summary>
/// <remarks>
/// /metrics is a read: open while the API listens on loopback, and beyond loopback it needs the API's bearer token
/// (Prometheus: <c>authorization: { credentials: TOKEN }</c>), as every other read does.
/// </remarks>
public static class TallyMetrics
{
    /// <summary>Where the scrape endpoint answers.</summary>
    public const string Path = "/metrics";

    public static IServiceCollection AddTallyMetrics(this IServiceCollection services, FillLog log)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(log);
        services.AddMetrics();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("tally"))
            .WithMetrics(metrics => metrics
            .AddMeter(DispatchMetrics.MeterName)
            // Every scrape sees the latest counts (the exporter caches a scrape for 300 ms by default).
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        services.AddSingleton(sp => new LedgerMetrics(log, sp.GetService<IMeterFactory>()));
        // First of the hosted services: it subscribes to the log's changes before any account writes (they start in order).
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(sp => sp.GetRequiredService<LedgerMetrics>()));
        services.AddSingleton(sp => new StreamMetrics(sp.GetService<IMeterFactory>()));
        services.AddSingleton(sp => new RiskMetrics(sp.GetService<IMeterFactory>()));
        return services;
    }

    public static WebApplication MapTallyMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Built now, before the host starts: the provider listens from here on, so no account's first measurements are lost.
        var provider = app.Services.GetRequiredService<MeterProvider>();
        app.MapPrometheusScrapingEndpoint(Path, provider, configureBranchedPipeline: branch => branch.Use(ReadsOnlyWithTokenBeyondLoopback), optionsName: null);
        return app;
    }

    /// <summary>The API's rule for reads: open on loopback, else the bearer token (401 problem+json without it).</summary>
    private static async Task ReadsOnlyWithTokenBeyondLoopback(HttpContext http, RequestDelegate next)
    {
        var services = http.RequestServices;
        var token = services.GetRequiredService<ApiToken>();
        if (services.GetRequiredService<ApiOptions>().IsLoopback || token.Admits(http.Request))
        {
            await next(http);
            return;
        }

        Log.Unauthorized(services.GetRequiredService<ILogger<ApiToken>>(), http.Request.Path);
        http.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        var detail = token.IsConfigured
            ? "give the API token as Authorization: Bearer TOKEN"
            : $"no API token is configured (api.token in the run config, or {ApiOptions.TokenVariable}), so this is refused";
        await TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized").ExecuteAsync(http);
    }
}
