using System.Collections.Concurrent;
using System.Net;

namespace Tally.Engine.Tests;

/// <summary>Sees every request the client sends and every status it gets back; can cancel a token after the n-th answer of a path.</summary>
internal sealed class RecordingHandler : DelegatingHandler
{
    public RecordingHandler()
        : base(new SocketsHttpHandler())
    {
    }

    public ConcurrentQueue<(HttpMethod Method, string Path, HttpStatusCode Status)> Calls { get; } = new();

    /// <summary>When set: after this many answers on a path containing <see cref="CancelPath"/>, <see cref="CancelSource"/> is cancelled.</summary>
    public int? CancelAfter { get; set; }

    public string CancelPath { get; set; } = "userTrades";

    public CancellationTokenSource? CancelSource { get; set; }

    public int Count(string pathPart, HttpStatusCode? status = null) =>
        Calls.Count(c => c.Path.Contains(pathPart, StringComparison.Ordinal) && (status is null || c.Status == status));

    public int CountStatus(HttpStatusCode status) => Calls.Count(c => c.Status == status);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var path = request.RequestUri!.OriginalString;
        Calls.Enqueue((request.Method, path, response.StatusCode));
        if (CancelAfter is { } n && path.Contains(CancelPath, StringComparison.Ordinal) && Count(CancelPath) >= n)
        {
            await CancelSource!.CancelAsync();
        }

        return response;
    }
}
