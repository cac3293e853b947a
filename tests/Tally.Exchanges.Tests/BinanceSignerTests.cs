using System.Text.Json;
using Tally.Exchanges.Binance;

namespace Tally.Exchanges.Tests;

public sealed class BinanceSignerTests
{
    public static TheoryData<string, string, string> SigningVectors()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var vector in BinanceFixtures.Load("signing_vectors.json").GetProperty("vectors").EnumerateArray())
        {
            data.Add(
                vector.GetProperty("api").GetString()!,
                vector.GetProperty("payload").GetString()!,
                vector.GetProperty("expected_signature").GetString()!);
        }

        return data;
    }

    [FixtureTheory]
    [MemberData(nameof(SigningVectors))]
    public void Signature_matches_every_published_vector(string api, string payload, string expected)
    {
        var secret = SecretFor(api);

        Assert.Equal(expected, new BinanceSigner(secret).Sign(payload));
    }

    [FixtureFact]
    public void Signing_vectors_cover_both_usdm_futures_and_spot()
    {
        var apis = SigningVectors().Select(row => (string)row[0]).ToList();

        Assert.Equal(4, apis.Count);
        Assert.Contains(apis, api => api.Contains("/fapi/", StringComparison.Ordinal));
        Assert.Contains(apis, api => api.Contains("spot", StringComparison.Ordinal));
    }

    [Fact]
    public void Body_is_signed_right_after_the_query_string_without_a_separator()
    {
        // The fapi vector split at an arbitrary '&': the query keeps the '&', the body starts after it.
        const string whole = "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943";
        var signer = new BinanceSigner("2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9");

        Assert.Equal(
            "3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9",
            signer.Sign("symbol=BTCUSDT&side=BUY&type=LIMIT&", "quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943"));
        Assert.Equal(signer.Sign(whole), signer.Sign(whole, body: null));
    }

    [Fact]
    public void Signature_is_appended_as_the_last_parameter()
    {
        var signer = new BinanceSigner("2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9");

        Assert.Equal(
            "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943"
            + "&signature=3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9",
            signer.AppendSignature("symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943"));
    }

    [Fact]
    public void Empty_secret_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new BinanceSigner(""));
    }

    private static string SecretFor(string api)
    {
        foreach (var vector in BinanceFixtures.Load("signing_vectors.json").GetProperty("vectors").EnumerateArray())
        {
            if (vector.GetProperty("api").GetString() == api)
            {
                return vector.GetProperty("secretKey").GetString()!;
            }
        }

        throw new InvalidOperationException($"no vector named {api}");
    }
}
