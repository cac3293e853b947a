using Tally.Core.Signals;

namespace Tally.Storage;

/// <summary>Spellings of the intent and signal closed sets in the <c>order_intents</c> and <c>signals</c> tables (and the CLI/API). A contract.</summary>
public static class IntentWireNames
{
    public static string ToWireName(this OrderIntentKind kind) => kind switch
    {
        OrderIntentKind.Market => "MARKET",
        OrderIntentKind.Limit => "LIMIT",
        OrderIntentKind.TakeProfitMarket => "TAKE_PROFIT_MARKET",
        OrderIntentKind.StopMarket => "STOP_MARKET",
    };

    public static string ToWireName(this OrderIntentStatus status) => status switch
    {
        OrderIntentStatus.Pending => "pending",
        OrderIntentStatus.Sent => "sent",
        OrderIntentStatus.Rejected => "rejected",
        OrderIntentStatus.Filled => "filled",
        OrderIntentStatus.Canceled => "canceled",
        OrderIntentStatus.Triggered => "triggered",
        OrderIntentStatus.Expired => "expired",
    };

    public static string ToWireName(this SignalAction action) => action switch
    {
        SignalAction.Buy => "buy",
        SignalAction.Sell => "sell",
        SignalAction.Close => "close",
    };

    public static bool TryParseKind(string text, out OrderIntentKind kind) => TryParse(text, static k => k.ToWireName(), out kind);

    public static bool TryParseStatus(string text, out OrderIntentStatus status) => TryParse(text, static s => s.ToWireName(), out status);

    public static bool TryParseAction(string text, out SignalAction action) => TryParse(text, static a => a.ToWireName(), out action);

    private static bool TryParse<T>(string text, Func<T, string> name, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(name(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
