using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Tally.Core;

namespace Tally.PaperExchange.Http;

/// <summary>
/// A request's parameters from the query string and a form body; a name present in both takes the query's value,
/// as on Binance. Keeps the raw texts, which are what the signature covers.
/// </summary>
public sealed class RequestParameters
{
    private readonly Dictionary<string, StringValues> _query;
    private readonly Dictionary<string, StringValues> _body;

    public RequestParameters(string rawQuery, string rawBody)
    {
        RawQuery = rawQuery;
        RawBody = rawBody;
        _query = QueryHelpers.ParseQuery(rawQuery);
        _body = QueryHelpers.ParseQuery(rawBody);
    }

    /// <summary>The query string as sent, without the leading '?'.</summary>
    public string RawQuery { get; }

    /// <summary>The form body as sent; empty when there is none.</summary>
    public string RawBody { get; }

    /// <summary>The value of <paramref name="name"/>, or null when it was not sent or sent empty.</summary>
    public string? Get(string name)
    {
        var value = _query.TryGetValue(name, out var q) ? q.ToString() : _body.TryGetValue(name, out var b) ? b.ToString() : null;
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>Parses a long; <paramref name="error"/> when sent but malformed.</summary>
    public long? GetLong(string name, out ApiError? error)
    {
        error = null;
        var text = Get(name);
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        error = ApiError.InvalidParameter(name);
        return null;
    }

    /// <summary>Parses a wire decimal without passing through double; <paramref name="error"/> when sent but malformed.</summary>
    public decimal? GetDecimal(string name, out ApiError? error)
    {
        error = null;
        var text = Get(name);
        if (text is null)
        {
            return null;
        }

        if (DecimalText.TryParse(text, out var value))
        {
            return value;
        }

        error = ApiError.InvalidParameter(name);
        return null;
    }
}
