using Tally.Exchanges.Binance;

namespace Tally.Engine;

/// <summary>
/// Binance's user-data frames, USD-M and spot alike (the parser reads both): a fill, the end of the key or
/// session, something not followed, or unreadable.
/// </summary>
internal static class BinanceUserDataFrames
{
    public static UserDataFrame Read(string frame, string venue, string account)
    {
        BinanceUserDataEvent parsed;
        try
        {
            parsed = BinanceUserDataParser.Parse(frame);
        }
        catch (FormatException e)
        {
            return new UserDataFrame.Unreadable(e.Message);
        }

        return parsed switch
        {
            BinanceUserDataEvent.OrderTradeUpdate { Order.IsFill: true } update => new UserDataFrame.FillFrame(update.ToFill(venue, account)),
            BinanceUserDataEvent.ExecutionReport { IsFill: true } report => new UserDataFrame.FillFrame(report.ToFill(venue, account)),
            BinanceUserDataEvent.ListenKeyExpired or BinanceUserDataEvent.EventStreamTerminated => UserDataFrame.Expired.Instance,
            _ => UserDataFrame.Ignored.Instance,
        };
    }
}
