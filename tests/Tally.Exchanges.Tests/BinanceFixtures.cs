using System.Text.Json;

namespace Tally.Exchanges.Tests;

/// <summary>
/// The recorded Binance payloads in <c>../shared/reference/binance-fixtures</c> (see <see cref="SharedFolder"/>; the
/// tests that read them are <see cref="FixtureFactAttribute"/>s or <see cref="FixtureTheoryAttribute"/>s). Parsers are always fed <c>raw_text</c>, the payload
/// byte for byte; <c>raw</c> (the same payload parsed by Python) is only used to state expectations.
/// </summary>
internal static class BinanceFixtures
{
    public static string Folder { get; } = SharedFolder.PathOf(SharedFolder.BinanceFixtures);

    /// <summary>Every payload fixture (all <c>*.json</c> except the signing vectors).</summary>
    public static IEnumerable<string> PayloadFileNames() =>
        Directory.EnumerateFiles(Folder, "*.json")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => name != "signing_vectors.json")
            .Order(StringComparer.Ordinal);

    public static JsonElement Load(string fileName)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, fileName)));
        return document.RootElement.Clone();
    }

    /// <summary>The <c>raw_text</c> of a fixture: what Binance sent.</summary>
    public static string RawText(string fileName) => Load(fileName).GetProperty("raw_text").GetString()!;

    /// <summary>The <c>raw</c> of a fixture: the payload as a JSON tree, for expectations.</summary>
    public static JsonElement Raw(string fileName) => Load(fileName).GetProperty("raw");

    /// <summary>One value the roq test asserted, as the C++ literal it wrote (e.g. <c>5.0_a</c>, <c>1634543725791ms</c>).</summary>
    public static string RoqCheck(string fileName, string key) =>
        Load(fileName).GetProperty("expected_from_roq_checks").GetProperty(key).GetString()!;

    /// <summary>A roq decimal literal (<c>1.0847_a</c>) as a decimal.</summary>
    public static decimal RoqDecimal(string fileName, string key) =>
        decimal.Parse(RoqCheck(fileName, key).Replace("_a", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A roq integer or milliseconds literal (<c>17759343290</c>, <c>1634543725791ms</c>) as a long.</summary>
    public static long RoqInt64(string fileName, string key) =>
        long.Parse(RoqCheck(fileName, key).Replace("ms", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A roq string literal (<c>"XRPUSDT"sv</c>) as the string.</summary>
    public static string RoqString(string fileName, string key)
    {
        var literal = RoqCheck(fileName, key);
        if (literal.EndsWith("sv", StringComparison.Ordinal))
        {
            literal = literal[..^2];
        }

        return literal.Trim('"');
    }

    /// <summary>A roq enum literal (<c>protocol::json::Side::BUY</c>) as its last segment (<c>BUY</c>).</summary>
    public static string RoqEnum(string fileName, string key) => RoqCheck(fileName, key).Split("::")[^1];
}
