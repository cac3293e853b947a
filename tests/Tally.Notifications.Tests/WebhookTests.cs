using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tally.Storage;

namespace Tally.Notifications.Tests;

/// <summary>The generic webhook: a signed JSON POST a receiver can verify, retried and given up as documented.</summary>
public sealed class WebhookTests
{
    private const string Secret = "s3cret";

    [Fact]
    public void The_signature_is_the_hex_hmac_sha256_of_the_body_and_a_changed_body_fails_it()
    {
        var body = Encoding.UTF8.GetBytes("{\"kind\":\"risk\",\"text\":\"hi\"}");
        var header = WebhookSignature.Sign(Secret, body);
        Assert.StartsWith("sha256=", header, StringComparison.Ordinal);
        Assert.Equal(71, header.Length);
        Assert.True(WebhookSignature.Verify(Secret, body, header));
        Assert.False(WebhookSignature.Verify(Secret, Encoding.UTF8.GetBytes("{\"kind\":\"risk\",\"text\":\"HI\"}"), header));
        Assert.False(WebhookSignature.Verify("other", body, header));
        Assert.False(WebhookSignature.Verify(Secret, body, null));
    }

    [Fact]
    public async Task A_receiver_gets_the_json_with_a_signature_that_verifies_and_the_outbox_id()
    {
        var received = new List<(string Body, bool Verified, string? Delivery)>();
        var status = 200;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var bytes = buffer.ToArray();
            lock (received)
            {
                received.Add((Encoding.UTF8.GetString(bytes), WebhookSignature.Verify(Secret, bytes, context.Request.Headers[WebhookSignature.Header]), context.Request.Headers[WebhookChannel.DeliveryHeader]));
            }

            context.Response.StatusCode = status;
        });
        await app.StartAsync();
        var url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        using var http = new HttpClient();
        var channel = new WebhookChannel(http, new WebhookOptions(url, Secret));
        var notification = new Notification("strategy", Harness.At(3), "Strategy A: BTCUSDT long closed by take profit");
        var row = new OutboxMessage(17, Harness.At(3), WebhookChannel.ChannelName, WebhookChannel.ChannelName, "strategy", notification.Text, WebhookChannel.Body(notification), 0, Harness.At(3), null, null, null);

        Assert.IsType<Delivery.Sent>(await channel.DeliverAsync(row, CancellationToken.None));
        var (body, verified, delivery) = Assert.Single(received);
        Assert.True(verified);
        Assert.Equal("17", delivery);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(("strategy", "2026-01-05T09:03:00.000Z", notification.Text), (json.RootElement.GetProperty("kind").GetString(), json.RootElement.GetProperty("at").GetString(), json.RootElement.GetProperty("text").GetString()));

        status = 503;
        Assert.IsType<Delivery.Transient>(await channel.DeliverAsync(row, CancellationToken.None));
        status = 410;
        Assert.IsType<Delivery.Permanent>(await channel.DeliverAsync(row, CancellationToken.None));
        await app.StopAsync();
    }
}
