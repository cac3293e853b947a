using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tally.PaperExchange.Http;
using Tally.PaperExchange.Wire;

namespace Tally.PaperExchange.Apis;

/// <summary>GET /fapi/v1/income (USER_DATA, signed, weight 30): the wallet's flows, FUNDING_FEE, REALIZED_PNL, COMMISSION, INSURANCE_CLEAR.</summary>
public static class IncomeApi
{
    public const int DefaultLimit = 100;

    public static IEndpointRouteBuilder MapIncomeApi(this IEndpointRouteBuilder app, PaperVenue venue, RequestGate gate)
    {
        app.MapGet("/fapi/v1/income", async (HttpContext http, CancellationToken ct) =>
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.Signed, weight: 30, ct);
            if (entry.Rejection is not null)
            {
                return entry.Rejection;
            }

            var error = TryParse(entry.Parameters, out var query);
            if (error is not null)
            {
                return ApiResults.Error(error);
            }

            error = venue.TryGetIncome(query, out var rows);
            return error is not null
                ? ApiResults.Error(error)
                : Results.Json(rows.Select(ToRow).ToList(), PaperJsonContext.Default.ListIncomeRow);
        });

        return app;
    }

    public static ApiError? TryParse(RequestParameters parameters, out IncomeQuery query)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        query = null!;
        IncomeType? type = null;
        if (parameters.Get("incomeType") is { } typeName)
        {
            if (!TryParseType(typeName, out var parsed))
            {
                return ApiError.InvalidParameter("incomeType");
            }

            type = parsed;
        }

        var start = parameters.GetLong("startTime", out var error);
        if (error is not null)
        {
            return error;
        }

        var end = parameters.GetLong("endTime", out error);
        if (error is not null)
        {
            return error;
        }

        var page = parameters.GetLong("page", out error) ?? 1;
        if (error is not null || page is < 1 or > int.MaxValue)
        {
            return ApiError.InvalidParameter("page");
        }

        var limit = parameters.GetLong("limit", out error) ?? DefaultLimit;
        if (error is not null || limit is < 1 or > 1000)
        {
            return ApiError.InvalidParameter("limit");
        }

        query = new IncomeQuery(
            parameters.Get("symbol"),
            type,
            start is { } s ? DateTimeOffset.FromUnixTimeMilliseconds(s) : null,
            end is { } e ? DateTimeOffset.FromUnixTimeMilliseconds(e) : null,
            (int)page,
            (int)limit);
        return null;
    }

    public static string WireName(IncomeType type) => type switch
    {
        IncomeType.RealizedPnl => "REALIZED_PNL",
        IncomeType.Commission => "COMMISSION",
        IncomeType.FundingFee => "FUNDING_FEE",
        IncomeType.InsuranceClear => "INSURANCE_CLEAR",
    };

    public static IncomeRow ToRow(IncomeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var name = WireName(record.Type);
        return new IncomeRow(
            record.Symbol,
            name,
            WireFormat.Fixed(record.Income, 8),
            record.Asset,
            name,
            WireFormat.Millis(record.Time),
            record.TranId,
            record.TradeId is { } id ? id.ToString(CultureInfo.InvariantCulture) : string.Empty);
    }

    private static bool TryParseType(string name, out IncomeType type)
    {
        foreach (var candidate in Enum.GetValues<IncomeType>())
        {
            if (WireName(candidate) == name)
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }
}
