using Tally.Cli.Run;

namespace Tally.Cli.Tests;

/// <summary>
/// The live monitor leaves take-profit and stop-loss to the venue's conditional orders unless told otherwise:
/// watching them on ticks too sent a second exit that reduced another strategy's share (seen in the worked example).
/// </summary>
public sealed class RunRiskDefaultsTests
{
    private static bool Watches(string json)
    {
        using var directory = new TempDirectory();
        var path = directory.Write("tally.json", json);
        var settings = RunRisk.Read(path, out var problem);
        Assert.Null(problem);
        return settings!.Options.Settings.WatchTakeProfitStopLoss;
    }

    [Fact]
    public void Without_a_risk_section_the_live_monitor_does_not_watch_take_profit_and_stop_loss() =>
        Assert.False(Watches("""{"accounts": []}"""));

    [Fact]
    public void A_risk_section_that_does_not_name_it_keeps_it_off_and_its_other_fields() =>
        Assert.False(Watches("""{"risk": {"correlation_leaders": []}}"""));

    [Fact]
    public void Setting_it_true_is_honoured() =>
        Assert.True(Watches("""{"risk": {"watch_take_profit_stop_loss": true}}"""));
}
