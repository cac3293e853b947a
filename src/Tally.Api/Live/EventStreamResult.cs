using System.Buffers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;
using Tally.Storage.Live;

namespace Tally.Api.Live;

/// <summary>
/// <c>text/event-stream</c> of the log's changes for as long as the client stays: a subscription to the change feed
/// taken when the response starts (announced by a <c>: subscribed</c> comment), one event per <see cref="LiveEvents"/>
/// item, a <c>: heartbeat</c> comment every <paramref name="heartbeat"/>; unsubscribed when the client goes.
/// </summary>
public sealed class EventStreamResult(ChangeFeed feed, StreamClients clients, TimeProvider time, TimeSpan heartbeat)
    : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IEndpointMetadataProvider
{
    public const string MediaType = "text/event-stream";

    private static readonly byte[] Subscribed = Encoding.UTF8.GetBytes(": subscribed\n\n");
    private static readonly byte[] Heartbeat = Encoding.UTF8.GetBytes(": heartbeat\n\n");
    private static readonly byte[] EventPrefix = Encoding.UTF8.GetBytes("event: ");
    private static readonly byte[] DataPrefix = Encoding.UTF8.GetBytes("\ndata: ");
    private static readonly byte[] EventEnd = Encoding.UTF8.GetBytes("\n\n");

    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => MediaType;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        var aborted = httpContext.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = MediaType;
        response.Headers[HeaderNames.CacheControl] = "no-cache";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var body = response.BodyWriter;
        var reader = feed.Subscribe();
        clients.Joined();
        try
        {
            using var beats = new PeriodicTimer(heartbeat, time);
            await body.WriteAsync(Subscribed, aborted);
            await using var json = new Utf8JsonWriter(body);
            var beat = beats.WaitForNextTickAsync(aborted).AsTask();
            var ready = reader.WaitToReadAsync(aborted).AsTask();
            while (true)
            {
                if (await Task.WhenAny(beat, ready) == ready)
                {
                    if (!await ready)
                    {
                        return; // the log is closing
                    }

                    while (reader.TryRead(out var change))
                    {
                        LiveEvents.Of(change, (name, write) =>
                        {
                            body.Write(EventPrefix.AsSpan());
                            body.Write(Encoding.UTF8.GetBytes(name).AsSpan());
                            body.Write(DataPrefix.AsSpan());
                            json.Reset(body);
                            write(json);
                            json.Flush();
                            body.Write(EventEnd.AsSpan());
                        });
                    }

                    await body.FlushAsync(aborted);
                    ready = reader.WaitToReadAsync(aborted).AsTask();
                }
                else
                {
                    if (!await beat)
                    {
                        return;
                    }

                    await body.WriteAsync(Heartbeat, aborted);
                    beat = beats.WaitForNextTickAsync(aborted).AsTask();
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went.
        }
        finally
        {
            feed.Unsubscribe(reader);
            clients.Left();
        }
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), [MediaType]));
    }
}
