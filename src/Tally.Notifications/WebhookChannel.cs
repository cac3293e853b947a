using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tally.Storage;

namespace Tally.Notifications;

/// <summary>
/// The generic webhook: POSTs each row's JSON body (<see cref="Body"/>) with <c>X-Tally-Signature</c>
/// (<see cref="WebhookSignature"/>) and <c>X-Tally-Delivery</c> (the outbox row id: a retried delivery repeats it, so a
/// receiver can drop duplicates). 2xx is delivered; 429 and 5xx are retried; other 4xx are given up.
/// </summary>
public sealed class WebhookChannel(HttpClient http, WebhookOptions options) : INotificationChannel
{
    public const string ChannelName = "webhook";
    public const string DeliveryHeader = "X-Tally-Delivery";

    public string Name => ChannelName;

    /// <summary>The JSON body for one notification: <c>{"kind", "at", "text"}</c> (at in ISO 8601 UTC).</summary>
    public static string Body(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["kind"] = notification.Kind,
            ["at"] = notification.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["text"] = notification.Text,
        });
    }

    public async Task<Delivery> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = Encoding.UTF8.GetBytes(message.Payload ?? Body(new Notification(message.Kind, message.CreatedAt, message.Text)));
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(options.Secret, body));
        request.Headers.Add(DeliveryHeader, message.Id.ToString(CultureInfo.InvariantCulture));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new Delivery.Sent();
            }

            var error = $"{status} {response.ReasonPhrase}";
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return response.Headers.RetryAfter?.Delta is { } wait ? new Delivery.RetryAfter(wait, error) : new Delivery.Transient(error);
            }

            return status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout ? new Delivery.Transient(error) : new Delivery.Permanent(error);
        }
        catch (HttpRequestException e)
        {
            return new Delivery.Transient(e.Message);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new Delivery.Transient($"timed out: {e.Message}");
        }
    }
}
