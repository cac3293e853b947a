using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Tally.Api;
using Tally.Cli.Commands;
using Tally.Metrics;
using Tally.Storage;

namespace Tally.Cli.Tests;

/// <summary>/metrics follows the API's rule for reads: open on loopback, the bearer token beyond it.</summary>
public sealed class MetricsAccessTests : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<IAsyncDisposable> _opened = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var opened in Enumerable.Reverse(_opened))
        {
            await opened.DisposeAsync();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task On_loopback_metrics_are_read_without_a_token()
    {
        var url = await StartAsync(IPAddress.Loopback);
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(url, "metrics"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Beyond_loopback_metrics_need_the_token()
    {
        var url = await StartAsync(IPAddress.Any);
        using var http = new HttpClient();

        using (var anonymous = await http.GetAsync(new Uri(url, "metrics")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, "metrics"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "scrape-token");
        using var authorized = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
    }

    private async Task<Uri> StartAsync(IPAddress address)
    {
        var log = await FillLog.OpenAsync(await StoreLocator.OpenAsync("sqlite:" + _dir.PathOf($"{Guid.NewGuid():N}.db"), CancellationToken.None), TimeProvider.System, CancellationToken.None);
        _opened.Add(log);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddTallyApi(new ApiOptions { ListenAddress = address, Port = 0, Token = "scrape-token" });
        builder.Services.AddTallyMetrics(log);
        var app = builder.Build();
        _opened.Add(app);
        app.MapTallyApi();
        app.MapTallyMetrics();
        await app.StartAsync();
        var port = app.Addresses().Single().Port;
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
