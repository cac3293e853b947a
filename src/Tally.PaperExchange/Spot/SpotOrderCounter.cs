namespace Tally.PaperExchange.Spot;

/// <summary>
/// The spot account's ORDERS limits: per 10 seconds and per day, fixed windows of the exchange's clock
/// (spot counts a day where fapi counts a minute). Thread safe: one lock around a few counters.
/// </summary>
public sealed class SpotOrderCounter
{
    private readonly Lock _lock = new();
    private readonly int _per10Seconds;
    private readonly int _perDay;
    private long _tenSecondWindow = -1;
    private long _dayWindow = -1;
    private int _inTenSeconds;
    private int _inDay;

    public SpotOrderCounter(int per10Seconds, int perDay)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(per10Seconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perDay);
        _per10Seconds = per10Seconds;
        _perDay = perDay;
    }

    /// <summary>Counts one new order; <paramref name="error"/> (-1015) when a window is full, and then it is not counted.</summary>
    public (int TenSeconds, int Day) Count(DateTimeOffset now, out ApiError? error)
    {
        var ms = now.ToUnixTimeMilliseconds();
        lock (_lock)
        {
            if (ms / 10_000 != _tenSecondWindow)
            {
                _tenSecondWindow = ms / 10_000;
                _inTenSeconds = 0;
            }

            if (ms / 86_400_000 != _dayWindow)
            {
                _dayWindow = ms / 86_400_000;
                _inDay = 0;
            }

            error = _inTenSeconds >= _per10Seconds
                ? new ApiError(429, -1015, $"Too many new orders; current limit is {_per10Seconds} orders per TEN_SECONDS.")
                : _inDay >= _perDay
                    ? new ApiError(429, -1015, $"Too many new orders; current limit is {_perDay} orders per DAY.")
                    : null;
            if (error is null)
            {
                _inTenSeconds++;
                _inDay++;
            }

            return (_inTenSeconds, _inDay);
        }
    }
}
