using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Tally.Dashboard.Components;

namespace Tally.Dashboard;

/// <summary>The dashboard in two calls: <see cref="AddTallyDashboard"/> registers it, <see cref="MapTallyDashboard"/> serves it at <c>/</c>.</summary>
public static class TallyDashboard
{
    public static WebApplicationBuilder AddTallyDashboard(this WebApplicationBuilder builder, Tally.Storage.FillLog log)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(log);
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        return builder;
    }

    public static WebApplication MapTallyDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
