using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Tally.Api.Queries;

/// <summary>400 problem+json for a query parameter, naming it and its value.</summary>
public static class QueryProblem
{
    public static ProblemHttpResult Of(string parameter, string value, string problem) =>
        TypedResults.Problem(
            $"{parameter}: \"{value}\" {problem}",
            statusCode: StatusCodes.Status400BadRequest,
            title: "Invalid query",
            extensions: new Dictionary<string, object?> { ["field"] = parameter, ["value"] = value });
}
