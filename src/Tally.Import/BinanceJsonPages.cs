using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tally.Import;

/// <summary>
/// The records of a Binance trade-list file: one or more pages, each the JSON array a REST call returned
/// (<c>GET /fapi/v1/userTrades</c>, <c>GET /api/v3/myTrades</c>), saved one after another with or without
/// whitespace between them (<c>[...][...]</c> or one page per line). A WebSocket API response
/// (<c>{"id":…,"status":200,"result":[…]}</c>) counts as one page holding its <c>result</c>.
/// </summary>
/// <remarks>
/// The whole file is parsed before the first record is handed out, so a syntax error anywhere is an
/// <see cref="InputFileException"/> and never a half-read ledger. Records are numbered from 1 across all
/// pages in file order; that number is what a <see cref="RowError"/> of a JSON format calls its line.
/// </remarks>
internal static class BinanceJsonPages
{
    private static readonly JsonReaderOptions ReaderOptions = new() { AllowMultipleValues = true };

    /// <summary>Every page of the file, in order, as self-contained arrays.</summary>
    /// <exception cref="InputFileException">Empty file, invalid JSON, or a top-level value that is not a page.</exception>
    public static IReadOnlyList<JsonElement> Read(TextReader text, string source)
    {
        var content = text.ReadToEnd();
        if (content.Length > 0 && content[0] == '\uFEFF')
        {
            content = content[1..];
        }

        if (string.IsNullOrWhiteSpace(content))
        {
            throw new InputFileException($"{source}: the file is empty (a JSON array of trades is required)");
        }

        var pages = new List<JsonElement>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(content), ReaderOptions);
        try
        {
            while (reader.Read())
            {
                using var document = JsonDocument.ParseValue(ref reader);

                // Clone detaches the page from the pooled document so it outlives this loop.
                pages.Add(PageArray(document.RootElement, source, pages.Count + 1).Clone());
            }
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            throw new InputFileException(
                string.Create(CultureInfo.InvariantCulture, $"{source}: not valid JSON at line {line}, byte {column} of that line (pages must be JSON arrays, one after another)"),
                e);
        }

        return pages;
    }

    /// <summary>The records of all pages with their 1-based number in the file.</summary>
    public static IEnumerable<(int Number, JsonElement Record)> Records(IReadOnlyList<JsonElement> pages)
    {
        var number = 0;
        foreach (var page in pages)
        {
            foreach (var record in page.EnumerateArray())
            {
                number = checked(number + 1);
                yield return (number, record);
            }
        }
    }

    private static JsonElement PageArray(JsonElement root, string source, int pageNumber)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return root;
        }

        if (root.ValueKind == JsonValueKind.Object)
        {
            // A saved error body ({"code":-1121,"msg":"Invalid symbol."}) or a failed WebSocket API reply
            // is the venue refusing the request; say so instead of "not an array".
            var error = root.TryGetProperty("error", out var wrapped) && wrapped.ValueKind == JsonValueKind.Object ? wrapped : root;
            if (JsonValues.TryGetText(error, "code", out var code) && JsonValues.TryGetText(error, "msg", out var message))
            {
                throw new InputFileException(
                    string.Create(CultureInfo.InvariantCulture, $"{source}: page {pageNumber} is a Binance error response (code {code}: {message}), not a list of trades"));
            }

            if (root.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Array)
            {
                return result;
            }
        }

        throw new InputFileException(
            string.Create(CultureInfo.InvariantCulture, $"{source}: page {pageNumber} is {Describe(root)}, expected a JSON array of trades: {JsonValues.Shorten(root.GetRawText())}"));
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object without a \"result\" array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Array or JsonValueKind.Undefined => "not a list of trades",
    };
}
