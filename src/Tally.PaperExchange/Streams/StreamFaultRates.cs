namespace Tally.PaperExchange.Streams;

/// <summary>Seeded fault rates of one stream (each 0…1, together at most 1) and how long a delay fault holds it.</summary>
public sealed record StreamFaultRates(decimal Drop, decimal Duplicate, decimal Reorder, decimal Delay, TimeSpan DelayFor)
{
    public static StreamFaultRates None { get; } = new(0m, 0m, 0m, 0m, TimeSpan.FromSeconds(1));

    public decimal Total => Drop + Duplicate + Reorder + Delay;
}
