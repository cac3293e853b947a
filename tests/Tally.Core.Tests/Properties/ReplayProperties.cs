using FsCheck.Xunit;
using static Tally.Core.Tests.Properties.PositionState;

namespace Tally.Core.Tests.Properties;

/// <summary>Every position is a deterministic fold of the fill log (DESIGN.md §1).</summary>
[Properties(Arbitrary = new[] { typeof(FillScripts) })]
public class ReplayProperties
{
    [Property]
    public void Replaying_the_log_into_a_fresh_ledger_reproduces_every_outcome_and_position(FillScript script)
    {
        var (live, liveOutcomes) = script.Fold();

        var (replayed, replayedOutcomes) = script.Fold();

        Assert.Equal(liveOutcomes.Select(Describe), replayedOutcomes.Select(Describe));
        Assert.Equal(live.Positions.Select(Describe), replayed.Positions.Select(Describe));
    }

    [Property]
    public void Applying_the_log_in_two_parts_with_a_look_between_equals_applying_it_at_once(FillScript script, byte cut)
    {
        var split = script.Fills.Count == 0 ? 0 : cut % (script.Fills.Count + 1);
        var (whole, _) = script.Fold();

        var parts = Instruments.Ledger();
        foreach (var fill in script.Fills.Take(split))
        {
            parts.Apply(fill);
        }

        _ = parts.Positions.Select(Describe).ToList(); // reading the state half way must not disturb it
        foreach (var fill in script.Fills.Skip(split))
        {
            parts.Apply(fill);
        }

        Assert.Equal(whole.Positions.Select(Describe), parts.Positions.Select(Describe));
    }

    [Property]
    public void Each_key_is_the_fold_of_its_own_fills_alone(FillScript script)
    {
        var (ledger, outcomes) = script.Fold();

        foreach (var key in script.Keys)
        {
            var (alone, aloneOutcomes) = FillScript.Fold(script.Fills.Where(f => f.Key == key));

            Assert.Equal(Describe(alone.Find(key)), Describe(ledger.Find(key)));
            Assert.Equal(aloneOutcomes.Select(Describe), outcomes.Where(o => o.Key == key).Select(Describe));
        }
    }

    [Property]
    public void Interleaving_the_fills_of_different_keys_changes_no_position(FillScript script, int seed)
    {
        var (ledger, _) = script.Fold();
        var random = new Random(seed);
        var queues = script.Fills.GroupBy(f => f.Key).Select(g => new Queue<Fill>(g)).ToList();
        var interleaved = new List<Fill>();
        while (queues.Count > 0)
        {
            var i = random.Next(queues.Count);
            interleaved.Add(queues[i].Dequeue());
            if (queues[i].Count == 0)
            {
                queues.RemoveAt(i);
            }
        }

        var (reordered, _) = FillScript.Fold(interleaved);

        Assert.Equal(
            ledger.Positions.Select(Describe).Order(StringComparer.Ordinal),
            reordered.Positions.Select(Describe).Order(StringComparer.Ordinal));
    }
}
