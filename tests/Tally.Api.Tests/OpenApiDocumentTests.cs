namespace Tally.Api.Tests;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> describes every route.</summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task The_openapi_document_lists_every_route_with_its_methods()
    {
        await using var server = await ApiServer.StartAsync();

        var answer = await server.GetAsync("/openapi/v1.json");

        Assert.Equal(200, answer.Status);
        var paths = answer.Json.GetProperty("paths");
        var routes = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name.TrimEnd('/')}")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                "GET /api/contributions",
                "GET /api/cycles",
                "GET /api/events",
                "GET /api/exchange-positions",
                "GET /api/fills",
                "GET /api/positions",
                "GET /api/risk",
                "GET /api/signals",
                "GET /api/strategies",
                "GET /api/strategy-positions",
                "GET /api/stream",
                "POST /api/positions/{id}/close",
                "POST /api/risk/reset",
                "POST /api/signals",
                "POST /api/webhooks/tradingview",
            ],
            routes);
        var post = paths.EnumerateObject().Single(p => p.Name.TrimEnd('/') == "/api/signals").Value.GetProperty("post");
        Assert.True(post.GetProperty("responses").TryGetProperty("401", out _));
        Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        var close = paths.GetProperty("/api/positions/{id}/close").GetProperty("post").GetProperty("responses");
        Assert.True(close.TryGetProperty("202", out _) && close.TryGetProperty("404", out _) && close.TryGetProperty("401", out _));
        Assert.True(paths.EnumerateObject().Single(p => p.Name.TrimEnd('/') == "/api/stream").Value.GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/event-stream", out _));
    }
}
