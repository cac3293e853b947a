using Tally.Core.Risk;
using static Tally.Core.Tests.Risk.RiskPositions;

namespace Tally.Core.Tests.Risk;

public class HoldTimeTests
{
    private static readonly AssetClassMap Classes = new(new RiskSettings
    {
        ScalpingStrategies = new HashSet<string>(StringComparer.Ordinal) { "scalper" },
    });

    [Fact]
    public void Maximum_hold_is_30_min_for_scalping_24_h_for_meme_4_h_for_forex_and_none_otherwise()
    {
        Assert.Equal(TimeSpan.FromMinutes(30), Classes.MaxHold("scalper", "SOLUSDT"));
        Assert.Equal(TimeSpan.FromHours(24), Classes.MaxHold("swing", "DOGEUSDT"));
        Assert.Equal(TimeSpan.FromHours(4), Classes.MaxHold("swing", "EURUSDT"));
        Assert.Null(Classes.MaxHold("swing", "BTCUSDT"));
        Assert.Equal(TimeSpan.FromMinutes(30), Classes.MaxHold("scalper", "DOGEUSDT")); // the shorter wins
    }

    [Fact]
    public void Position_exits_once_held_for_its_maximum_oldest_first()
    {
        var thirty = TimeSpan.FromMinutes(30);
        RiskPosition[] open =
        [
            Open("at-limit", openedMinutesAgo: 30, maxHold: thirty),
            Open("just-under", openedMinutesAgo: 29.99, maxHold: thirty),
            Open("older", openedMinutesAgo: 45, maxHold: thirty),
            Open("no-limit", openedMinutesAgo: 10_000),
        ];

        Assert.Equal(["older", "at-limit"], HoldTime.Expired(open, Now));
    }
}
