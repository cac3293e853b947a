using Tally.Core.Signals;
using static Tally.Core.Tests.Signals.SignalsFor;

namespace Tally.Core.Tests.Signals;

public class SignalRuleTests
{
    [Fact]
    public void Accumulate_accepts_until_the_side_holds_max_accumulations_positions()
    {
        var simulation = new SignalSimulation(new SignalSettings(MaxAccumulations: 3));

        Assert.True(simulation.Submit(Make("1", "A", SignalAction.Buy, 0.5m, 0)).Accepted);
        Assert.True(simulation.Submit(Make("2", "B", SignalAction.Buy, 0.5m, 1)).Accepted);
        Assert.True(simulation.Submit(Make("3", "C", SignalAction.Buy, 0.5m, 2)).Accepted);
        var fourth = simulation.Submit(Make("4", "A", SignalAction.Buy, 0.9m, 3));

        Assert.False(fourth.Accepted);
        Assert.Equal("MAX_ACCUMULATIONS reached: 3 open LONG positions (max 3)", fourth.Reason);
    }

    [Fact]
    public void Strongest_wins_rejects_a_weaker_same_direction_signal_naming_the_stronger()
    {
        var simulation = new SignalSimulation(new SignalSettings(SameDirection: SameDirectionPolicy.StrongestWins));
        simulation.Submit(Make("1", "A", SignalAction.Buy, 0.8m, 0));

        var decision = simulation.Submit(Make("2", "B", SignalAction.Buy, 0.7m, 1));

        Assert.Equal(SignalDecision.Reject("not stronger than active same-direction signal 1 (0.8)", "1"), decision);
    }

    [Fact]
    public void In_one_way_mode_a_stronger_opposite_signal_closes_the_others_and_opens_its_side()
    {
        var simulation = new SignalSimulation(new SignalSettings());
        simulation.Submit(Make("1", "A", SignalAction.Buy, 0.6m, 0));

        var decision = simulation.Submit(Make("2", "B", SignalAction.Sell, 0.8m, 1));

        Assert.True(decision.Accepted);
        Assert.Equal("1", decision.ConflictsWith);
        Assert.Equal(["2"], simulation.OpenSignals.Select(s => s.SignalId));
    }

    [Fact]
    public void In_one_way_mode_a_smaller_opposite_quantity_only_reduces_the_other_side()
    {
        var simulation = new SignalSimulation(new SignalSettings());
        simulation.Submit(Make("1", "A", SignalAction.Buy, 0.6m, 0, quantity: 2m));

        simulation.Submit(Make("2", "B", SignalAction.Sell, 0.8m, 1, quantity: 0.5m));

        Assert.Equal(["1"], simulation.OpenSignals.Select(s => s.SignalId));
    }

    [Fact]
    public void An_opposite_entry_without_quantity_closes_whole_and_uses_up_none_of_a_sized_signal()
    {
        var simulation = new SignalSimulation(new SignalSettings(Window: TimeSpan.FromSeconds(1)));
        simulation.Submit(Make("s1", "A", SignalAction.Sell, 0.5m, 0));
        simulation.Submit(Make("s2", "B", SignalAction.Sell, 0.5m, 10, quantity: 5m));

        // b (1) closes s1 whole, then takes 1 of s2's 5: s2 stays open, b opens nothing
        simulation.Submit(Make("b", "C", SignalAction.Buy, 0.9m, 20, quantity: 1m));

        Assert.Equal(["s2"], simulation.OpenSignals.Select(s => s.SignalId));
    }

    [Fact]
    public void A_signal_older_than_the_window_no_longer_conflicts()
    {
        var simulation = new SignalSimulation(new SignalSettings(SameDirection: SameDirectionPolicy.RejectDuplicates, Window: TimeSpan.FromSeconds(60)));
        simulation.Submit(Make("1", "A", SignalAction.Buy, 0.9m, 0));

        Assert.False(simulation.Submit(Make("2", "B", SignalAction.Buy, 0.9m, 59)).Accepted);
        Assert.True(simulation.Submit(Make("3", "B", SignalAction.Buy, 0.9m, 60)).Accepted);
    }

    [Fact]
    public void A_close_with_nothing_open_is_rejected_and_a_close_ends_the_strategy_s_positions()
    {
        var simulation = new SignalSimulation(new SignalSettings(SameDirection: SameDirectionPolicy.RejectDuplicates));

        Assert.Equal("nothing to close", simulation.Submit(Make("c0", "A", SignalAction.Close, 1m, 0)).Reason);

        simulation.Submit(Make("1", "A", SignalAction.Buy, 0.9m, 1));
        Assert.True(simulation.Submit(Make("c1", "A", SignalAction.Close, 0m, 2)).Accepted);

        // A's position is closed, so its signal is no longer active: a duplicate is accepted again
        Assert.True(simulation.Submit(Make("2", "B", SignalAction.Buy, 0.9m, 3)).Accepted);
    }

    [Fact]
    public void A_repeated_signal_id_gets_its_first_decision_again()
    {
        var simulation = new SignalSimulation(new SignalSettings(MinConfidence: 0.5m));
        var first = simulation.Submit(Make("1", "A", SignalAction.Buy, 0.4m, 0));

        var again = simulation.Submit(Make("1", "A", SignalAction.Buy, 0.9m, 1));

        Assert.Equal(first, again);
        Assert.Equal("confidence 0.4 is below the minimum 0.5", again.Reason);
    }

    [Theory]
    [InlineData(RiskGate.StopNewEntries, "new entries are stopped by the risk monitor (StopNewEntries)")]
    [InlineData(RiskGate.StopAllTrading, "new entries are stopped by the risk monitor (StopAllTrading)")]
    public void Entries_are_refused_while_the_risk_monitor_stops_them_but_closes_pass(RiskGate gate, string reason)
    {
        var simulation = new SignalSimulation(new SignalSettings());
        simulation.Submit(Make("1", "A", SignalAction.Buy, 0.9m, 0));

        Assert.Equal(SignalDecision.Reject(reason), simulation.Submit(Make("2", "B", SignalAction.Buy, 0.9m, 1), gate));
        Assert.True(simulation.Submit(Make("3", "A", SignalAction.Close, 0.9m, 2), gate).Accepted);
    }
}
