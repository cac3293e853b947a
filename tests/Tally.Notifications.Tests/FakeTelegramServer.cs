using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Tally.Notifications.Tests;

/// <summary>
/// A fake Telegram Bot API on 127.0.0.1 (Kestrel, any free port) answering what Tally calls: getMe, sendMessage
/// (recorded; the next ones can be scripted to answer 429 with retry_after) and getUpdates (long polling over the
/// updates a test adds, waiting up to the request's timeout for one).
/// </summary>
internal sealed class FakeTelegramServer : IAsyncDisposable
{
    public const string Token = "123456:TEST-token";

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<(long Chat, string Text)> _sent = [];
    private readonly List<JsonObject> _updates = [];
    private readonly Queue<int> _tooManyRequests = new();
    private TaskCompletionSource _updated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _sendRequests;
    private int _nextUpdate = 1;

    private FakeTelegramServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every sendMessage answered 200, in arrival order.</summary>
    public IReadOnlyList<(long Chat, string Text)> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>Every sendMessage request, answered or refused.</summary>
    public int SendRequests => Volatile.Read(ref _sendRequests);

    public static async Task<FakeTelegramServer> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeTelegramServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUrl = new Uri(address);
        return server;
    }

    /// <summary>The next <paramref name="count"/> sendMessage calls answer 429 with <c>retry_after</c> <paramref name="seconds"/>.</summary>
    public void TooManyRequests(int seconds, int count = 1)
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _tooManyRequests.Enqueue(seconds);
            }
        }
    }

    /// <summary>A text message from <paramref name="chat"/>, for the bot's next getUpdates.</summary>
    public void Say(long chat, string text)
    {
        lock (_gate)
        {
            var id = _nextUpdate++;
            _updates.Add(new JsonObject
            {
                ["update_id"] = id,
                ["message"] = new JsonObject
                {
                    ["message_id"] = id,
                    ["date"] = 1_700_000_000 + id,
                    ["chat"] = new JsonObject { ["id"] = chat, ["type"] = "private" },
                    ["from"] = new JsonObject { ["id"] = chat, ["is_bot"] = false, ["first_name"] = "operator" },
                    ["text"] = text,
                },
            });
            _updated.TrySetResult();
            _updated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var prefix = $"/bot{Token}/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            context.Response.StatusCode = 404;
            await Write(context, new JsonObject { ["ok"] = false, ["error_code"] = 404, ["description"] = "Not Found" });
            return;
        }

        var body = await Body(context.Request);
        switch (path[prefix.Length..])
        {
            case "getMe":
                await Write(context, Ok(new JsonObject { ["id"] = 123456, ["is_bot"] = true, ["first_name"] = "Tally", ["username"] = "TallyBot" }));
                break;
            case "sendMessage":
                await SendMessageAsync(context, body);
                break;
            case "getUpdates":
                await GetUpdatesAsync(context, body);
                break;
            default:
                context.Response.StatusCode = 404;
                await Write(context, new JsonObject { ["ok"] = false, ["error_code"] = 404, ["description"] = "Not Found: method not found" });
                break;
        }
    }

    private async Task SendMessageAsync(HttpContext context, JsonObject body)
    {
        Interlocked.Increment(ref _sendRequests);
        var chatNode = body["chat_id"]!;
        var chat = chatNode.GetValueKind() == JsonValueKind.String ? long.Parse(chatNode.GetValue<string>(), CultureInfo.InvariantCulture) : chatNode.GetValue<long>();
        var text = body["text"]!.GetValue<string>();
        int? retry = null;
        int id;
        lock (_gate)
        {
            if (_tooManyRequests.Count > 0)
            {
                retry = _tooManyRequests.Dequeue();
                id = 0;
            }
            else
            {
                _sent.Add((chat, text));
                id = _sent.Count;
            }
        }

        if (retry is { } seconds)
        {
            context.Response.StatusCode = 429;
            await Write(context, new JsonObject
            {
                ["ok"] = false,
                ["error_code"] = 429,
                ["description"] = $"Too Many Requests: retry after {seconds}",
                ["parameters"] = new JsonObject { ["retry_after"] = seconds },
            });
            return;
        }

        await Write(context, Ok(new JsonObject
        {
            ["message_id"] = id,
            ["date"] = 1_700_000_000,
            ["chat"] = new JsonObject { ["id"] = chat, ["type"] = "private" },
            ["text"] = text,
        }));
    }

    private async Task GetUpdatesAsync(HttpContext context, JsonObject body)
    {
        var offset = body["offset"]?.GetValue<int>() ?? 0;
        var timeout = body["timeout"]?.GetValue<int>() ?? 0;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(TimeSpan.FromSeconds(timeout));
        while (true)
        {
            Task updated;
            JsonArray result;
            lock (_gate)
            {
                result = [.. _updates.Where(u => u["update_id"]!.GetValue<int>() >= offset).Select(u => u.DeepClone())];
                updated = _updated.Task;
            }

            if (result.Count > 0 || deadline.IsCancellationRequested)
            {
                await Write(context, Ok(result));
                return;
            }

            try
            {
                await updated.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
            {
                // Long poll over: answer with nothing.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static JsonObject Ok(JsonNode result) => new() { ["ok"] = true, ["result"] = result };

    private static async Task<JsonObject> Body(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync();
        return text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? [];
    }

    private static async Task Write(HttpContext context, JsonObject json)
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json.ToJsonString());
    }
}
