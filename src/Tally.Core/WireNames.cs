namespace Tally.Core;

/// <summary>
/// The spellings of closed sets that users and scripts see (CLI, JSON, database). They are a contract:
/// renaming an enum member must not change them, which is why each is spelled out here.
/// </summary>
public static class WireNames
{
    public static string ToWireName(this Side side) => side switch
    {
        Side.Buy => "BUY",
        Side.Sell => "SELL",
    };

    public static string ToWireName(this PositionSide side) => side switch
    {
        PositionSide.Both => "BOTH",
        PositionSide.Long => "LONG",
        PositionSide.Short => "SHORT",
    };

    public static string ToWireName(this PositionDirection direction) => direction switch
    {
        PositionDirection.Flat => "FLAT",
        PositionDirection.Long => "LONG",
        PositionDirection.Short => "SHORT",
    };

    public static string ToWireName(this InstrumentKind kind) => kind switch
    {
        InstrumentKind.Spot => "spot",
        InstrumentKind.Linear => "linear",
        InstrumentKind.Inverse => "inverse",
    };

    public static string ToWireName(this PositionMode mode) => mode switch
    {
        PositionMode.OneWay => "one-way",
        PositionMode.Hedge => "hedge",
    };

    public static string ToWireName(this PositionAction action) => action switch
    {
        PositionAction.LongOpened => "long_opened",
        PositionAction.LongIncreased => "long_increased",
        PositionAction.LongReduced => "long_reduced",
        PositionAction.LongClosed => "long_closed",
        PositionAction.ShortOpened => "short_opened",
        PositionAction.ShortIncreased => "short_increased",
        PositionAction.ShortReduced => "short_reduced",
        PositionAction.ShortClosed => "short_closed",
        PositionAction.LongClosedAndShortOpened => "long_closed_and_short_opened",
        PositionAction.ShortClosedAndLongOpened => "short_closed_and_long_opened",
    };

    public static bool TryParseSide(string text, out Side side)
    {
        switch (text.Trim().ToUpperInvariant())
        {
            case "BUY":
                side = Side.Buy;
                return true;
            case "SELL":
                side = Side.Sell;
                return true;
            default:
                side = default;
                return false;
        }
    }

    public static bool TryParsePositionSide(string text, out PositionSide side)
    {
        switch (text.Trim().ToUpperInvariant())
        {
            case "BOTH":
                side = PositionSide.Both;
                return true;
            case "LONG":
                side = PositionSide.Long;
                return true;
            case "SHORT":
                side = PositionSide.Short;
                return true;
            default:
                side = default;
                return false;
        }
    }

    public static bool TryParseInstrumentKind(string text, out InstrumentKind kind)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "spot":
                kind = InstrumentKind.Spot;
                return true;
            case "linear":
                kind = InstrumentKind.Linear;
                return true;
            case "inverse":
                kind = InstrumentKind.Inverse;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    public static bool TryParsePositionMode(string text, out PositionMode mode)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "one-way" or "oneway" or "one_way":
                mode = PositionMode.OneWay;
                return true;
            case "hedge":
                mode = PositionMode.Hedge;
                return true;
            default:
                mode = default;
                return false;
        }
    }

    public static bool TryParseAction(string text, out PositionAction action)
    {
        foreach (var candidate in Enum.GetValues<PositionAction>())
        {
            if (candidate.ToWireName() == text)
            {
                action = candidate;
                return true;
            }
        }

        action = default;
        return false;
    }
}
