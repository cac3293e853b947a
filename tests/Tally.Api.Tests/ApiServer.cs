using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tally.Api.Queries;
using Tally.Engine.Dispatch;
using Tally.Storage;

namespace Tally.Api.Tests;

/// <summary>The API on an in-process <see cref="TestServer"/>, with the intake and the queries the test gives.</summary>
internal sealed class ApiServer : IAsyncDisposable
{
    public const string Token = "s3cret-token";

    public static readonly DateTimeOffset Now = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private readonly WebApplication _app;

    private ApiServer(WebApplication app, FakeTimeProvider time)
    {
        _app = app;
        Time = time;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    /// <summary>The server's clock (the live stream's heartbeat runs on it).</summary>
    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="log">A store: the API's reads, operator actions and live stream on it (instead of <paramref name="queries"/>).</param>
    public static async Task<ApiServer> StartAsync(ApiOptions? options = null, ISignalIntake? intake = null, IApiQueries? queries = null, FillLog? log = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        var time = new FakeTimeProvider(Now);
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddTallyApi(options ?? new ApiOptions { Token = Token });
        if (intake is not null)
        {
            builder.Services.AddSingleton(intake);
        }

        if (log is not null)
        {
            builder.Services.AddTallyApiStore(log);
        }
        else
        {
            builder.Services.AddSingleton(queries ?? new WorkedExampleQueries());
        }

        var app = builder.Build();
        app.MapTallyApi();
        await app.StartAsync();
        return new ApiServer(app, time);
    }

    /// <summary>POSTs <paramref name="json"/> with the bearer token (or <paramref name="token"/>; "" for none).</summary>
    public async Task<Answer> PostAsync(string path, string json, string? token = Token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (!string.IsNullOrEmpty(token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Answer.OfAsync(await Client.SendAsync(request));
    }

    public async Task<Answer> GetAsync(string path, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (!string.IsNullOrEmpty(token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Answer.OfAsync(await Client.SendAsync(request));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A response: status, content type, headers and the body parsed as JSON (when it is).</summary>
internal sealed record Answer(int Status, string? ContentType, HttpResponseMessage Response, string Body)
{
    public static async Task<Answer> OfAsync(HttpResponseMessage response) =>
        new((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, response, await response.Content.ReadAsStringAsync());

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Text(string field) => Json.GetProperty(field).ValueKind == JsonValueKind.Null ? null : Json.GetProperty(field).GetString();
}

/// <summary>A JSON member as text: a string's value, null for JSON null.</summary>
internal static class JsonText
{
    public static string? Text(this JsonElement element, string name) =>
        element.GetProperty(name) is { ValueKind: JsonValueKind.Null } ? null : element.GetProperty(name).GetString();
}
