using Tally.Cli.Run;
using Tally.Core;
using Tally.Core.Signals;

namespace Tally.Cli.Tests;

/// <summary>The dispatcher's settings for <c>tally run</c>, read from DESIGN §4's environment names.</summary>
public sealed class DispatchEnvironmentTests
{
    [Fact]
    public void Unset_variables_give_the_designs_defaults()
    {
        var options = DispatchEnvironment.Read(_ => null, out var problem);

        Assert.Null(problem);
        Assert.NotNull(options);
        Assert.Equal(new SignalSettings(), options.Settings);
        Assert.Equal("tally", options.Instance);
    }

    [Fact]
    public void Every_setting_is_read_under_its_name()
    {
        var env = new Dictionary<string, string>
        {
            ["POSITION_MODE"] = "hedge",
            ["POSITION_MODE_AWARE_CONFLICTS"] = "false",
            ["SAME_DIRECTION_CONFLICT_RESOLUTION"] = "strongest_wins",
            ["MAX_ACCUMULATIONS"] = "5",
            ["MIN_CONFIDENCE"] = "0.6",
            ["SIGNAL_WINDOW"] = "2m",
            ["TALLY_INSTANCE"] = "node_2",
        };

        var options = DispatchEnvironment.Read(env.GetValueOrDefault, out var problem);

        Assert.Null(problem);
        Assert.Equal(new SignalSettings(PositionMode.Hedge, false, SameDirectionPolicy.StrongestWins, 5, 0.6m, TimeSpan.FromMinutes(2)), options!.Settings);
        Assert.Equal("node_2", options.Instance);
    }

    [Theory]
    [InlineData("POSITION_MODE", "both", "POSITION_MODE: \"both\" is not one-way or hedge")]
    [InlineData("SAME_DIRECTION_CONFLICT_RESOLUTION", "merge", "SAME_DIRECTION_CONFLICT_RESOLUTION: \"merge\" is not accumulate, strongest_wins or reject_duplicates")]
    [InlineData("MAX_ACCUMULATIONS", "0", "MAX_ACCUMULATIONS: \"0\" is not a positive whole number")]
    [InlineData("MIN_CONFIDENCE", "1.5", "MIN_CONFIDENCE: \"1.5\" is not a number from 0 to 1")]
    [InlineData("SIGNAL_WINDOW", "soon", "SIGNAL_WINDOW: \"soon\" is not a duration such as 300s, 5m, 1h or 250ms")]
    [InlineData("TALLY_INSTANCE", "has-dash", "TALLY_INSTANCE: \"has-dash\" is not 1–14 of A–Z, a–z, 0–9 and _")]
    public void A_bad_value_is_refused_naming_the_variable(string name, string value, string expected)
    {
        Assert.Null(DispatchEnvironment.Read(n => n == name ? value : null, out var problem));
        Assert.Equal(expected, problem);
    }
}
