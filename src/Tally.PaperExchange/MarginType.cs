namespace Tally.PaperExchange;

/// <summary>A symbol's margin type as set by POST /fapi/v1/marginType. The paper margin model is cross for both.</summary>
public enum MarginType
{
    Crossed,
    Isolated,
}

/// <summary>The spellings of <see cref="MarginType"/> on the wire.</summary>
public static class MarginTypeNames
{
    /// <summary>The request parameter's spelling: CROSSED or ISOLATED (upper case; Binance also takes lower case).</summary>
    public static bool TryParse(string? text, out MarginType type)
    {
        switch (text?.ToUpperInvariant())
        {
            case "CROSSED":
                type = MarginType.Crossed;
                return true;
            case "ISOLATED":
                type = MarginType.Isolated;
                return true;
            default:
                type = MarginType.Crossed;
                return false;
        }
    }

    /// <summary>The lower-case word positionRisk and ACCOUNT_UPDATE write: cross or isolated.</summary>
    public static string ToPositionWireName(this MarginType type) => type switch
    {
        MarginType.Crossed => "cross",
        MarginType.Isolated => "isolated",
    };
}
