using System.Globalization;
using System.Text;
using System.Text.Json;
using Tally.PaperExchange.Http;

namespace Tally.PaperExchange.Tests;

/// <summary>
/// A minimal Binance-style REST client for the tests: it signs the exact bytes it sends, with timestamps from the
/// same clock as the exchange. Deliberately independent of the exchange's code except for <see cref="RequestSigner"/>,
/// whose output is checked against Binance's published vector in <c>AuthTests</c>.
/// </summary>
internal sealed class PaperClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public PaperClient(PaperExchangeHost host, TimeProvider time)
    {
        Host = host;
        _time = time;
        _http = new HttpClient { BaseAddress = host.BaseAddress };
        ApiKey = host.ApiKey;
        ApiSecret = host.ApiSecret;
    }

    public PaperExchangeHost Host { get; }

    public string ApiKey { get; set; }

    public string ApiSecret { get; set; }

    public long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery) => _http.GetAsync(new Uri(pathAndQuery, UriKind.Relative));

    /// <summary>GET with everything in the query string, signature last.</summary>
    public Task<HttpResponseMessage> SignedGetAsync(string path, string query, long? timestamp = null) =>
        SignedQueryAsync(HttpMethod.Get, path, query, timestamp);

    /// <summary>Any method with everything in the query string, signature last (GET, DELETE).</summary>
    public Task<HttpResponseMessage> SignedQueryAsync(HttpMethod method, string path, string query, long? timestamp = null)
    {
        var payload = WithTimestamp(query, timestamp);
        var request = new HttpRequestMessage(method, new Uri($"{path}?{payload}&signature={Sign(payload)}", UriKind.Relative));
        return SendAsync(request);
    }

    /// <summary>POST with the parameters in a form body, signature last in the body.</summary>
    public Task<HttpResponseMessage> SignedPostAsync(string path, string body, long? timestamp = null)
    {
        var payload = WithTimestamp(body, timestamp);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent($"{payload}&signature={Sign(payload)}", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        return SendAsync(request);
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        request.Headers.Add(RequestGate.ApiKeyHeader, ApiKey);
        return _http.SendAsync(request);
    }

    public string Sign(string payload) => RequestSigner.Sign(ApiSecret, payload);

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts a Binance error answer and returns its code.</summary>
    public static async Task<int> ErrorCodeAsync(HttpResponseMessage response)
    {
        Assert.False(response.IsSuccessStatusCode, $"expected an error, got {(int)response.StatusCode}");
        var body = await JsonAsync(response);
        Assert.Equal(JsonValueKind.String, body.GetProperty("msg").ValueKind);
        return body.GetProperty("code").GetInt32();
    }

    public static decimal Dec(JsonElement element, string name)
    {
        var property = element.GetProperty(name);
        Assert.Equal(JsonValueKind.String, property.ValueKind);
        return decimal.Parse(property.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    public void Dispose() => _http.Dispose();

    private string WithTimestamp(string parameters, long? timestamp)
    {
        var ts = (timestamp ?? Now).ToString(CultureInfo.InvariantCulture);
        return string.IsNullOrEmpty(parameters) ? $"timestamp={ts}" : $"{parameters}&timestamp={ts}";
    }
}
