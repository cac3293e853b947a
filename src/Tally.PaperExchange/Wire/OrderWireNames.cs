namespace Tally.PaperExchange.Wire;

/// <summary>Order status and time-in-force as both Binance APIs (futures and spot) spell them.</summary>
internal static class OrderWireNames
{
    public static string Status(OrderStatus status) => status switch
    {
        OrderStatus.New => "NEW",
        OrderStatus.Filled => "FILLED",
        OrderStatus.Expired => "EXPIRED",
        OrderStatus.Canceled => "CANCELED",
    };

    public static string TimeInForce(TimeInForce tif) => tif switch
    {
        PaperExchange.TimeInForce.Gtc => "GTC",
        PaperExchange.TimeInForce.Ioc => "IOC",
        PaperExchange.TimeInForce.Fok => "FOK",
        PaperExchange.TimeInForce.Gtx => "GTX",
    };
}
