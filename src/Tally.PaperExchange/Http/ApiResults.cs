using Microsoft.AspNetCore.Http;
using Tally.PaperExchange.Wire;

namespace Tally.PaperExchange.Http;

/// <summary>Builds the JSON results every endpoint answers with.</summary>
public static class ApiResults
{
    public static IResult Error(ApiError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Results.Json(new ErrorResponse(error.Code, error.Message), PaperJsonContext.Default.ErrorResponse, statusCode: error.HttpStatus);
    }
}
