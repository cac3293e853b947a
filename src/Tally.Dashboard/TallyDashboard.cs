using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor.Services;
using Tally.Api;
using Tally.Api.Security;
using Tally.Dashboard.Components;
using Tally.Engine.Risk;
using Tally.Storage;

namespace Tally.Dashboard;

/// <summary>
/// The dashboard in two calls: <see cref="AddTallyDashboard"/> registers it (Blazor interactive server, MudBlazor, the
/// static web assets), <see cref="MapTallyDashboard"/> serves it at <c>/</c>. Reads go through the API's
/// <see cref="Api.Queries.IApiQueries"/> and its token (<see cref="ApiToken"/>), so call them after the API's.
/// </summary>
public static class TallyDashboard
{
    public static WebApplicationBuilder AddTallyDashboard(this WebApplicationBuilder builder, FillLog log)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(log);

        // The build output's static web assets manifest (MudBlazor's files, blazor.web.js) names where each file
        // lies; a published app has them under wwwroot instead, and this then adds nothing.
        var manifest = EndpointsManifest(builder.Environment.ApplicationName);
        var runtime = manifest is null ? null : manifest.Replace(".endpoints.json", ".runtime.json", StringComparison.Ordinal);
        if (runtime is not null && File.Exists(runtime))
        {
            builder.WebHost.UseSetting(WebHostDefaults.StaticWebAssetsKey, runtime);
        }

        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddSingleton(new DashboardAssets(manifest));
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();

        // Circuits and antiforgery tokens live as long as the process: keys in memory, nothing written to disk.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddSingleton(sp => new DashboardSources(
            log.Changes,
            new OperatorActions(log, sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<ApiToken>()));
        return builder;
    }

    /// <summary>
    /// Serves the dashboard at <c>/</c> when the API listens on loopback only. Beyond loopback the API's reads need the
    /// token, which a browser page cannot send, so the dashboard is not served there (one warning says so).
    /// </summary>
    public static WebApplication MapTallyDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.Services.GetRequiredService<ApiOptions>();
        if (!api.IsLoopback)
        {
            DashboardLog.NotServed(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TallyDashboard)), api.ListenAddress.ToString());
            return app;
        }

        app.UseAntiforgery();
        if (app.Services.GetRequiredService<DashboardAssets>().EndpointsManifest is { } manifest)
        {
            app.MapStaticAssets(manifest);
        }
        else
        {
            DashboardLog.NoAssets(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TallyDashboard)), AppContext.BaseDirectory);
        }

        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>
    /// The static web assets endpoints manifest of the app beside its binaries: the host's own
    /// (<c>tally.staticwebassets.endpoints.json</c>), also when tally runs inside another process (a test host); null
    /// when there is none.
    /// </summary>
    private static string? EndpointsManifest(string applicationName)
    {
        string?[] names = [applicationName, Assembly.GetEntryAssembly()?.GetName().Name, "tally"];
        return names.OfType<string>()
            .Select(name => Path.Combine(AppContext.BaseDirectory, name + ".staticwebassets.endpoints.json"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Where the static assets' endpoints manifest is; null when the app has none.</summary>
    private sealed record DashboardAssets(string? EndpointsManifest);
}
