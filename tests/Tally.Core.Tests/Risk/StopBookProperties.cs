using FsCheck.Xunit;
using Tally.Core.Risk;

namespace Tally.Core.Tests.Risk;

[Properties(Arbitrary = new[] { typeof(StopStreams) }, MaxTest = 300)]
public class StopBookProperties
{
    private const decimal Step = 0.05m;

    [Property]
    public void Stop_book_gives_the_same_exits_stops_and_extremes_as_scanning_every_position(StopStream stream)
    {
        var book = new StopBook();
        var naive = new NaiveStopBook();
        var prices = new Dictionary<string, decimal>();
        var opened = new List<string>();
        var next = 0;

        foreach (var op in stream.Ops)
        {
            switch (op)
            {
                case StopStream.Open open:
                    var price = prices.GetValueOrDefault(open.Symbol, 100m);
                    var entry = Math.Max(Step, price + (open.EntryOffset * Step));
                    var order = new StopOrder(
                        $"sp{next++}", open.Symbol, open.Side, entry, open.Distance,
                        open.ActivationOffset is { } a ? Math.Max(Step, entry + (a * Step)) : null);
                    Assert.True(book.Add(order));
                    Assert.True(naive.Add(order));
                    opened.Add(order.StrategyPositionId);
                    break;

                case StopStream.Tick tick:
                    var moved = Math.Max(Step, prices.GetValueOrDefault(tick.Symbol, 100m) + (tick.Steps * Step));
                    prices[tick.Symbol] = moved;
                    var fromBook = new List<StopExit>();
                    var fromNaive = new List<StopExit>();
                    book.OnTick(tick.Symbol, moved, fromBook);
                    naive.OnTick(tick.Symbol, moved, fromNaive);
                    Assert.Equal(
                        fromNaive.OrderBy(e => e.StrategyPositionId, StringComparer.Ordinal),
                        fromBook.OrderBy(e => e.StrategyPositionId, StringComparer.Ordinal));
                    break;

                case StopStream.Close close:
                    var live = naive.Ids.ToList();
                    if (live.Count > 0)
                    {
                        var id = live[close.Index % live.Count];
                        Assert.True(book.Remove(id));
                        Assert.True(naive.Remove(id));
                    }

                    break;

                case StopStream.Cap cap:
                    book.SetDistanceCap(cap.Distance);
                    naive.SetDistanceCap(cap.Distance);
                    break;
            }

            Assert.Equal(naive.Count, book.Count);
            foreach (var id in naive.Ids)
            {
                Assert.Equal(naive.StopOf(id), book.StopOf(id));
                Assert.Equal(naive.ExtremeOf(id), book.ExtremeOf(id));
            }
        }

        Assert.All(opened.Except(naive.Ids), id => Assert.Null(book.StopOf(id)));
    }
}
