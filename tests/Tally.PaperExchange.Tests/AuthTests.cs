using System.Net;
using System.Text;
using System.Text.Json;
using Tally.PaperExchange.Http;

namespace Tally.PaperExchange.Tests;

public sealed class AuthTests
{
    private const string Dual = "fapi/v1/positionSide/dual";

    [FixtureFact]
    public void Signer_matches_the_published_fapi_vector()
    {
        var path = SharedFolder.PathOf(SharedFolder.BinanceFixtures, "signing_vectors.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var vectors = document.RootElement.GetProperty("vectors").EnumerateArray().ToList();
        Assert.NotEmpty(vectors);
        foreach (var vector in vectors.Where(v => v.GetProperty("api").GetString()!.Contains("REST", StringComparison.Ordinal)))
        {
            var secret = vector.GetProperty("secretKey").GetString()!;
            var payload = vector.GetProperty("payload").GetString()!;
            var expected = vector.GetProperty("expected_signature").GetString()!;
            Assert.Equal(expected, RequestSigner.Sign(secret, payload));
            Assert.True(RequestSigner.Verify(secret, payload, expected.ToUpperInvariant()));
        }
    }

    [Theory]
    [InlineData( // binance-wire.md §2: the USD-M docs example
        "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9",
        "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943",
        "3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9")]
    public void Signer_matches_the_fapi_docs_example(string secret, string payload, string expected) =>
        Assert.Equal(expected, RequestSigner.Sign(secret, payload));

    [Fact]
    public void Signature_parameter_is_removed_wherever_it_stands()
    {
        Assert.Equal("a=1&b=2", RequestSigner.WithoutSignature("a=1&b=2&signature=ff"));
        Assert.Equal("a=1&b=2", RequestSigner.WithoutSignature("a=1&signature=ff&b=2"));
        Assert.Equal(string.Empty, RequestSigner.WithoutSignature("signature=ff"));
        Assert.False(RequestSigner.Verify("k", "a=1", "not-hex"));
    }

    [Fact]
    public async Task Correct_signature_is_accepted()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using var response = await x.Client.SignedGetAsync(Dual, "recvWindow=5000");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await PaperClient.JsonAsync(response)).GetProperty("dualSidePosition").GetBoolean());
    }

    [Fact]
    public async Task Signature_over_query_plus_body_is_accepted_and_any_changed_byte_is_minus_1022()
    {
        await using var x = await ExchangeFixture.StartAsync();
        var query = "dualSidePosition=true";
        var body = $"recvWindow=5000&timestamp={x.Client.Now}";
        var signature = x.Client.Sign(query + body);

        using (var ok = await x.Client.SendAsync(Post($"{Dual}?{query}", $"{body}&signature={signature}")))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal(200, (await PaperClient.JsonAsync(ok)).GetProperty("code").GetInt32());
        }

        // Same signature, but the query now says false: the bytes differ, so the signature does not match.
        using var tampered = await x.Client.SendAsync(Post($"{Dual}?dualSidePosition=false", $"{body}&signature={signature}"));
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Equal(-1022, await PaperClient.ErrorCodeAsync(tampered));
    }

    [Fact]
    public async Task Wrong_secret_is_minus_1022_and_missing_signature_is_minus_1102()
    {
        await using var x = await ExchangeFixture.StartAsync();
        x.Client.ApiSecret = "not-the-secret";
        using var wrong = await x.Client.SignedGetAsync(Dual, string.Empty);
        Assert.Equal(-1022, await PaperClient.ErrorCodeAsync(wrong));

        using var missing = await x.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri($"{Dual}?timestamp={x.Client.Now}", UriKind.Relative)));
        Assert.Equal(-1102, await PaperClient.ErrorCodeAsync(missing));
    }

    [Fact]
    public async Task Unknown_api_key_is_minus_2015_and_missing_key_is_minus_2014()
    {
        await using var x = await ExchangeFixture.StartAsync();
        x.Client.ApiKey = "someone-else";
        using var unknown = await x.Client.SignedGetAsync(Dual, string.Empty);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(-2015, await PaperClient.ErrorCodeAsync(unknown));

        using var anonymous = await x.Client.GetAsync($"{Dual}?timestamp={x.Client.Now}&signature=00");
        Assert.Equal(-2014, await PaperClient.ErrorCodeAsync(anonymous));
    }

    [Theory]
    [InlineData(1000, 5000, -1021)] // 1 s ahead of the server: refused
    [InlineData(999, 5000, 0)] // just under 1 s ahead: fine
    [InlineData(-5000, 5000, 0)] // exactly recvWindow old: fine
    [InlineData(-5001, 5000, -1021)] // older than recvWindow
    [InlineData(-20000, 30000, 0)] // a wider recvWindow admits it
    public async Task Timestamp_must_be_less_than_1s_ahead_and_within_recvWindow(long skewMs, long recvWindow, int expectedCode)
    {
        await using var x = await ExchangeFixture.StartAsync();
        using var response = await x.Client.SignedGetAsync(Dual, $"recvWindow={recvWindow}", x.Client.Now + skewMs);
        if (expectedCode == 0)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal(expectedCode, await PaperClient.ErrorCodeAsync(response));
        }
    }

    [Fact]
    public async Task RecvWindow_above_60000_is_refused()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using var response = await x.Client.SignedGetAsync(Dual, "recvWindow=60001");
        Assert.Equal(-1131, await PaperClient.ErrorCodeAsync(response));
    }

    private static HttpRequestMessage Post(string pathAndQuery, string body) =>
        new(HttpMethod.Post, new Uri(pathAndQuery, UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
}
