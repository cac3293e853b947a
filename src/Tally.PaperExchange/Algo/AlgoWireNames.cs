namespace Tally.PaperExchange.Algo;

/// <summary>Binance's spellings of the algo enums, both ways.</summary>
public static class AlgoWireNames
{
    public static string ToWireName(this AlgoOrderType type) => type switch
    {
        AlgoOrderType.StopMarket => "STOP_MARKET",
        AlgoOrderType.TakeProfitMarket => "TAKE_PROFIT_MARKET",
        AlgoOrderType.TrailingStopMarket => "TRAILING_STOP_MARKET",
    };

    public static string ToWireName(this AlgoStatus status) => status switch
    {
        AlgoStatus.New => "NEW",
        AlgoStatus.Triggering => "TRIGGERING",
        AlgoStatus.Triggered => "TRIGGERED",
        AlgoStatus.Finished => "FINISHED",
        AlgoStatus.Canceled => "CANCELED",
        AlgoStatus.Expired => "EXPIRED",
        AlgoStatus.Rejected => "REJECTED",
    };

    public static string ToWireName(this WorkingType type) => type switch
    {
        WorkingType.ContractPrice => "CONTRACT_PRICE",
        WorkingType.MarkPrice => "MARK_PRICE",
    };

    public static bool TryParseAlgoOrderType(string text, out AlgoOrderType type)
    {
        (var ok, type) = text switch
        {
            "STOP_MARKET" => (true, AlgoOrderType.StopMarket),
            "TAKE_PROFIT_MARKET" => (true, AlgoOrderType.TakeProfitMarket),
            "TRAILING_STOP_MARKET" => (true, AlgoOrderType.TrailingStopMarket),
            _ => (false, default),
        };
        return ok;
    }
}
