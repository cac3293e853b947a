using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Tally.Api.Queries;

/// <summary>Reads query parameters the API's own way, so a bad value is a 400 naming the parameter and the value.</summary>
public static class QueryValues
{
    /// <summary>The most rows one read answers.</summary>
    public const int MaxLimit = 1000;

    /// <summary>The rows a read answers when no <c>limit</c> is given.</summary>
    public const int DefaultLimit = 100;

    /// <summary><c>limit</c>: 1 to <see cref="MaxLimit"/>, <see cref="DefaultLimit"/> when absent.</summary>
    public static ProblemHttpResult? Limit(string? text, out int limit)
    {
        limit = DefaultLimit;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit)
        {
            return QueryProblem.Of("limit", text, $"is not a whole number from 1 to {MaxLimit}");
        }

        return null;
    }

    /// <summary>A non-negative id (<c>after</c>), 0 when absent.</summary>
    public static ProblemHttpResult? Id(string name, string? text, out long id)
    {
        id = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out id)
            ? null
            : QueryProblem.Of(name, text, "is not a whole number of 0 or more");
    }

    /// <summary>true/false (or 1/0), <paramref name="absent"/> when absent.</summary>
    public static ProblemHttpResult? Flag(string name, string? text, bool absent, out bool value)
    {
        value = absent;
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "":
                return null;
            case "true" or "1":
                value = true;
                return null;
            case "false" or "0":
                value = false;
                return null;
            default:
                return QueryProblem.Of(name, text, "is not true or false");
        }
    }

    /// <summary>A symbol as the store keeps it (upper case); null when absent.</summary>
    public static string? Symbol(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim().ToUpperInvariant();

    /// <summary>A trimmed value; null when absent.</summary>
    public static string? Text(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
