namespace Tally.PaperExchange;

/// <summary>
/// Decides which requests misbehave: first any scripted faults (queued through the admin endpoint, consumed in
/// order), then seeded random ones at the configured rates, so a run is reproducible. Unavailable strikes before
/// a signed request is handled; UnknownReply and Timeout strike after an order was executed, which is the case a
/// connector must reconcile by client order id. Thread safe: one lock.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _lock = new();
    private readonly Queue<FaultKind> _scripted = new();
    private readonly Random _random;
    private readonly decimal _unavailableRate;
    private readonly decimal _lostReplyRate;
    private DateTimeOffset _throttledUntil = DateTimeOffset.MinValue;
    private TimeSpan _clockSkew;

    public FaultInjector(int seed, decimal unavailableRate, decimal lostReplyRate)
    {
        // A stream of its own, so turning faults on does not change the prices a seed gives.
        _random = new Random(unchecked(seed ^ 0x5EED));
        _unavailableRate = unavailableRate;
        _lostReplyRate = lostReplyRate;
    }

    public void Enqueue(FaultKind kind, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_lock)
        {
            for (var i = 0; i < count; i++)
            {
                _scripted.Enqueue(kind);
            }
        }
    }

    /// <summary>
    /// Starts a "429 storm": until <paramref name="until"/> every request, signed or not, is answered 429 -1003 with
    /// Retry-After, without counting weight (so it cannot escalate to a 418 ban by itself).
    /// </summary>
    public void Throttle(DateTimeOffset until)
    {
        lock (_lock)
        {
            _throttledUntil = until;
        }
    }

    /// <summary>What is left of the storm at <paramref name="now"/>, or null when there is none.</summary>
    public TimeSpan? ThrottleRemaining(DateTimeOffset now)
    {
        lock (_lock)
        {
            return now < _throttledUntil ? _throttledUntil - now : null;
        }
    }

    /// <summary>
    /// How far the server's clock is from the exchange clock (signed): /time answers, and the recvWindow check uses,
    /// exchange time + skew. A client that does not resync after a -1021 keeps failing.
    /// </summary>
    public TimeSpan ClockSkew
    {
        get
        {
            lock (_lock)
            {
                return _clockSkew;
            }
        }

        set
        {
            lock (_lock)
            {
                _clockSkew = value;
            }
        }
    }

    /// <summary>Unavailable, or null to handle the request.</summary>
    public FaultKind? BeforeHandling()
    {
        lock (_lock)
        {
            if (_scripted.TryPeek(out var next) && next == FaultKind.Unavailable)
            {
                return _scripted.Dequeue();
            }

            return _unavailableRate > 0 && Draw() < _unavailableRate ? FaultKind.Unavailable : null;
        }
    }

    /// <summary>UnknownReply or Timeout for an order that was just executed, or null to answer normally.</summary>
    public FaultKind? AfterExecution()
    {
        lock (_lock)
        {
            if (_scripted.TryPeek(out var next) && next != FaultKind.Unavailable)
            {
                return _scripted.Dequeue();
            }

            if (_lostReplyRate > 0 && Draw() < _lostReplyRate)
            {
                return _random.Next(2) == 0 ? FaultKind.UnknownReply : FaultKind.Timeout;
            }

            return null;
        }
    }

    public static ApiError ErrorFor(FaultKind kind) => kind switch
    {
        // Codes with these 5xx texts are ours; Binance documents the texts and the statuses (binance-wire.md §3, §9).
        FaultKind.Unavailable => new ApiError(503, -1001, "Service Unavailable."),
        FaultKind.UnknownReply => new ApiError(503, -1000, "Unknown error, please check your request or try again later."),
        FaultKind.Timeout => new ApiError(408, -1007, "Timeout waiting for response from backend server. Send status unknown; execution status unknown."),
    };

    /// <summary>A uniform draw in [0, 1) with six decimal places, without going through double.</summary>
    private decimal Draw() => _random.Next(1_000_000) / 1_000_000m;
}
