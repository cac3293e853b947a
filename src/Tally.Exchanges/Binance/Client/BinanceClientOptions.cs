namespace Tally.Exchanges.Binance.Client;

/// <summary>Tuning of <see cref="BinanceFuturesClient"/>; the defaults follow binance-wire.md §2–§4.</summary>
public sealed record BinanceClientOptions
{
    /// <summary>recvWindow sent with signed calls, in ms (Binance default 5000, max 60000).</summary>
    public int RecvWindowMilliseconds { get; init; } = 5000;

    /// <summary>Share of the REQUEST_WEIGHT limit the client allows itself per minute before it waits for the next one.</summary>
    public decimal WeightHeadroom { get; init; } = 0.9m;

    /// <summary>REQUEST_WEIGHT per minute assumed until exchangeInfo has been read (Binance fapi: 2400).</summary>
    public int DefaultWeightLimit { get; init; } = 2400;

    /// <summary>Attempts per call for 5xx/408/no answer/429 (the first included).</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>First retry delay; doubles per attempt, with jitter, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan BaseBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Added after a minute boundary or a Retry-After before sending again, to absorb the error of the measured
    /// clock offset: a request that lands just before the boundary would still count against the old minute.
    /// </summary>
    public TimeSpan BoundaryMargin { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(RecvWindowMilliseconds, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(RecvWindowMilliseconds, 60000);
        if (WeightHeadroom is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(WeightHeadroom), WeightHeadroom, "Must be in (0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(DefaultWeightLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(BaseBackoff, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, BaseBackoff);
        ArgumentOutOfRangeException.ThrowIfLessThan(BoundaryMargin, TimeSpan.Zero);
    }
}
