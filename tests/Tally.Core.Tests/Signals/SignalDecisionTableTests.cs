using Tally.Core.Signals;

namespace Tally.Core.Tests.Signals;

/// <summary>
/// DESIGN.md §4's decision for a new signal against one active signal of confidence 0.6 on the same symbol,
/// for every position mode × mode-awareness × direction × same-direction policy, stronger (0.9) and tied (0.6).
/// </summary>
public class SignalDecisionTableTests
{
    [Theory]
    [InlineData("one-way", true, "opposite", "accumulate", "0.9", "accepted")]
    [InlineData("one-way", true, "opposite", "accumulate", "0.6", "rejected")]
    [InlineData("one-way", true, "opposite", "strongest_wins", "0.9", "accepted")]
    [InlineData("one-way", true, "opposite", "strongest_wins", "0.6", "rejected")]
    [InlineData("one-way", true, "opposite", "reject_duplicates", "0.9", "accepted")]
    [InlineData("one-way", true, "opposite", "reject_duplicates", "0.6", "rejected")]
    [InlineData("one-way", false, "opposite", "accumulate", "0.9", "accepted")]
    [InlineData("one-way", false, "opposite", "accumulate", "0.6", "rejected")]
    [InlineData("one-way", false, "opposite", "strongest_wins", "0.9", "accepted")]
    [InlineData("one-way", false, "opposite", "strongest_wins", "0.6", "rejected")]
    [InlineData("one-way", false, "opposite", "reject_duplicates", "0.9", "accepted")]
    [InlineData("one-way", false, "opposite", "reject_duplicates", "0.6", "rejected")]
    [InlineData("hedge", true, "opposite", "accumulate", "0.9", "accepted")]
    [InlineData("hedge", true, "opposite", "accumulate", "0.6", "accepted")]
    [InlineData("hedge", true, "opposite", "strongest_wins", "0.9", "accepted")]
    [InlineData("hedge", true, "opposite", "strongest_wins", "0.6", "accepted")]
    [InlineData("hedge", true, "opposite", "reject_duplicates", "0.9", "accepted")]
    [InlineData("hedge", true, "opposite", "reject_duplicates", "0.6", "accepted")]
    [InlineData("hedge", false, "opposite", "accumulate", "0.9", "accepted")]
    [InlineData("hedge", false, "opposite", "accumulate", "0.6", "rejected")]
    [InlineData("hedge", false, "opposite", "strongest_wins", "0.9", "accepted")]
    [InlineData("hedge", false, "opposite", "strongest_wins", "0.6", "rejected")]
    [InlineData("hedge", false, "opposite", "reject_duplicates", "0.9", "accepted")]
    [InlineData("hedge", false, "opposite", "reject_duplicates", "0.6", "rejected")]
    [InlineData("one-way", true, "same", "accumulate", "0.9", "accepted")]
    [InlineData("one-way", true, "same", "accumulate", "0.6", "accepted")]
    [InlineData("one-way", true, "same", "strongest_wins", "0.9", "accepted")]
    [InlineData("one-way", true, "same", "strongest_wins", "0.6", "rejected")]
    [InlineData("one-way", true, "same", "reject_duplicates", "0.9", "rejected")]
    [InlineData("one-way", true, "same", "reject_duplicates", "0.6", "rejected")]
    [InlineData("one-way", false, "same", "accumulate", "0.9", "accepted")]
    [InlineData("one-way", false, "same", "accumulate", "0.6", "accepted")]
    [InlineData("one-way", false, "same", "strongest_wins", "0.9", "accepted")]
    [InlineData("one-way", false, "same", "strongest_wins", "0.6", "rejected")]
    [InlineData("one-way", false, "same", "reject_duplicates", "0.9", "rejected")]
    [InlineData("one-way", false, "same", "reject_duplicates", "0.6", "rejected")]
    [InlineData("hedge", true, "same", "accumulate", "0.9", "accepted")]
    [InlineData("hedge", true, "same", "accumulate", "0.6", "accepted")]
    [InlineData("hedge", true, "same", "strongest_wins", "0.9", "accepted")]
    [InlineData("hedge", true, "same", "strongest_wins", "0.6", "rejected")]
    [InlineData("hedge", true, "same", "reject_duplicates", "0.9", "rejected")]
    [InlineData("hedge", true, "same", "reject_duplicates", "0.6", "rejected")]
    [InlineData("hedge", false, "same", "accumulate", "0.9", "accepted")]
    [InlineData("hedge", false, "same", "accumulate", "0.6", "accepted")]
    [InlineData("hedge", false, "same", "strongest_wins", "0.9", "accepted")]
    [InlineData("hedge", false, "same", "strongest_wins", "0.6", "rejected")]
    [InlineData("hedge", false, "same", "reject_duplicates", "0.9", "rejected")]
    [InlineData("hedge", false, "same", "reject_duplicates", "0.6", "rejected")]
    public void Decision_table(string mode, bool aware, string direction, string policy, string confidence, string expected)
    {
        var settings = new SignalSettings(
            mode == "hedge" ? PositionMode.Hedge : PositionMode.OneWay,
            aware,
            policy switch
            {
                "accumulate" => SameDirectionPolicy.Accumulate,
                "strongest_wins" => SameDirectionPolicy.StrongestWins,
                _ => SameDirectionPolicy.RejectDuplicates,
            });
        var simulation = new SignalSimulation(settings);
        Assert.True(simulation.Submit(SignalsFor.Make("s-1", "A", SignalAction.Buy, 0.6m, second: 0)).Accepted);

        var action = direction == "same" ? SignalAction.Buy : SignalAction.Sell;
        var decision = simulation.Submit(SignalsFor.Make("s-2", "B", action, decimal.Parse(confidence, System.Globalization.CultureInfo.InvariantCulture), second: 10));

        Assert.Equal(expected, decision.DecisionName);
        Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
        if (!decision.Accepted)
        {
            Assert.Equal("s-1", decision.ConflictsWith);
        }
    }
}
