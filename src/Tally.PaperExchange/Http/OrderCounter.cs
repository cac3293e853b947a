namespace Tally.PaperExchange.Http;

/// <summary>
/// The account's ORDERS limits (per 10 s and per minute, fixed windows of the exchange's clock), as Binance
/// counts new orders apart from IP weight. Thread safe: one lock around a few counters.
/// </summary>
public sealed class OrderCounter
{
    private readonly Lock _lock = new();
    private readonly int _per10Seconds;
    private readonly int _perMinute;
    private long _tenSecondWindow = -1;
    private long _minuteWindow = -1;
    private int _inTenSeconds;
    private int _inMinute;

    public OrderCounter(int per10Seconds, int perMinute)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(per10Seconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perMinute);
        _per10Seconds = per10Seconds;
        _perMinute = perMinute;
    }

    /// <summary>Counts one new order; <paramref name="error"/> (-1015) when a window is already full, and then it is not counted.</summary>
    public (int TenSeconds, int Minute) Count(DateTimeOffset now, out ApiError? error)
    {
        var ms = now.ToUnixTimeMilliseconds();
        lock (_lock)
        {
            if (ms / 10_000 != _tenSecondWindow)
            {
                _tenSecondWindow = ms / 10_000;
                _inTenSeconds = 0;
            }

            if (ms / 60_000 != _minuteWindow)
            {
                _minuteWindow = ms / 60_000;
                _inMinute = 0;
            }

            error = _inTenSeconds >= _per10Seconds
                ? new ApiError(429, -1015, $"Too many new orders; current limit is {_per10Seconds} orders per TEN_SECONDS.")
                : _inMinute >= _perMinute
                    ? new ApiError(429, -1015, $"Too many new orders; current limit is {_perMinute} orders per MINUTE.")
                    : null;
            if (error is null)
            {
                _inTenSeconds++;
                _inMinute++;
            }

            return (_inTenSeconds, _inMinute);
        }
    }
}
